import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The connections to one Redis server: a few auto-pipelined connections, spread over the event
/// loops. The single-node client uses one; a cluster client keeps one per node it routes to.
final class RedisNodePool: Sendable {
    let address: RedisNodeAddress
    private let connections: [RedisConnection]
    /// The connections on each event loop, so a caller running on a loop stays on it.
    private let onLoop: [ObjectIdentifier: [RedisConnection]]
    private let nextConnection = Atomic<Int>(0)
    /// Where the next pool's first connection goes, so pools with fewer connections than there are
    /// loops (a cluster's many node pools) do not all crowd the first loops.
    private static let nextLoop = Atomic<Int>(0)

    /// No side effects: the connections open on first use, one after another on successive loops.
    init(configuration: RedisConfiguration, logger: Logger, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        address = RedisNodeAddress(host: configuration.host, port: configuration.port)
        let loops = Array(group.makeIterator())
        let count = max(1, configuration.connectionCount)
        let first = Self.nextLoop.wrappingAdd(count, ordering: .relaxed).oldValue
        let connections = (0..<count).map {
            RedisConnection(id: $0, configuration: configuration, logger: logger, eventLoop: loops[(first + $0) % loops.count])
        }
        self.connections = connections
        onLoop = Dictionary(grouping: connections) { ObjectIdentifier($0.eventLoop) }
    }

    /// Writes `commands` together, in order, on one connection and returns their replies in order.
    func submit(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisReply] {
        // Round-robin among the caller's own loop's connections if it runs on one, else among all;
        // each connection batches whatever queued in one loop tick.
        let index = nextConnection.wrappingAdd(1, ordering: .relaxed).oldValue
        let connection: RedisConnection
        if let loop = MultiThreadedEventLoopGroup.currentEventLoop, let local = onLoop[ObjectIdentifier(loop)] {
            connection = local[index % local.count]
        } else {
            connection = connections[index % connections.count]
        }
        let result = await withUnsafeContinuation { (continuation: RedisRequest.Continuation) in
            connection.submit(RedisRequest(commands: commands, continuation: continuation))
        }
        return try result.get()
    }

    /// Fails what is queued and closes the sockets; later submits fail with `.shutdown`.
    func beginShutdown() {
        for connection in connections { connection.beginShutdown() }
    }

    /// Returns once every socket is closed.
    func waitUntilStopped() async {
        for connection in connections { await connection.waitUntilStopped() }
    }
}
