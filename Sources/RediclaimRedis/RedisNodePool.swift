import Logging
import Synchronization

/// The connections to one Redis server: a few auto-pipelined connections taken in turn.
/// The single-node client uses one; a cluster client keeps one per node it routes to.
final class RedisNodePool: Sendable {
    let address: RedisNodeAddress
    private let connections: [RedisConnection]
    private let nextConnection = Atomic<Int>(0)

    /// No side effects: the connections open on first use.
    init(configuration: RedisConfiguration, logger: Logger) {
        address = RedisNodeAddress(host: configuration.host, port: configuration.port)
        connections = (0..<max(1, configuration.connectionCount)).map {
            RedisConnection(id: $0, configuration: configuration, logger: logger)
        }
    }

    /// Writes `commands` together, in order, on one connection and returns their replies in order.
    func submit(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisReply] {
        // Round-robin spreads callers; each connection batches whatever queued while it was busy.
        let index = nextConnection.wrappingAdd(1, ordering: .relaxed).oldValue
        let connection = connections[index % connections.count]
        let result = await withUnsafeContinuation { (continuation: RedisRequest.Continuation) in
            connection.submit(RedisRequest(commands: commands, continuation: continuation))
        }
        return try result.get()
    }

    /// Fails what is queued and interrupts in-flight reads; later submits fail with `.shutdown`.
    func beginShutdown() {
        for connection in connections { connection.beginShutdown() }
    }

    /// Returns once every I/O thread has exited.
    func waitUntilStopped() async {
        for connection in connections { await connection.waitUntilStopped() }
    }
}
