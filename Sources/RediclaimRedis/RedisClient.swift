import Logging

/// A Redis client sharing a few pipelined connections among any number of concurrent callers.
///
/// Each connection is a NIO channel on one of the event loops: every command queued in one loop tick
/// goes out in one write and the replies are parsed in order by hiredis (auto-pipelining); callers
/// never block, and a caller already on that loop never changes thread.
/// Commands from one `pipeline` call stay together, in order, on one connection.
/// Blocking commands (BLPOP...) hold up the commands queued behind them on the same connection.
///
/// With `configuration.clusterSeeds` set it speaks Redis Cluster: each command goes to the master
/// owning its keys' hash slot (`RedisClusterRouter`), with the same auto-pipelining per node.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let backend: Backend

    /// One server, or a cluster routed by hash slot; both sit on the same per-node connections.
    private enum Backend: Sendable {
        case node(RedisNodePool)
        case cluster(RedisClusterRouter)
    }

    /// Creates the client; connections open lazily on the first command. Call `shutdown()` when done.
    public init(configuration: RedisConfiguration, logger: Logger) {
        self.configuration = configuration
        if configuration.isCluster {
            backend = .cluster(RedisClusterRouter(configuration: configuration, logger: logger))
        } else {
            backend = .node(RedisNodePool(configuration: configuration, logger: logger))
        }
    }

    deinit {
        switch backend {
        case .node(let pool): pool.beginShutdown()
        case .cluster(let router): router.beginShutdown()
        }
    }

    /// Whether this client routes by hash slot over a Redis Cluster.
    public var isCluster: Bool { configuration.isCluster }

    /// Sends one command. An error reply throws `.serverError` carrying the server's message.
    public func send(_ command: RedisCommand) async throws(RedisError) -> RedisReply {
        let reply = try await submit([command])[0]
        if case .error(let message) = reply { throw .server(message) }
        return reply
    }

    /// Sends one command built from a name and arguments, e.g. `send("INCR", key)`.
    public func send<each Argument: RedisArgumentConvertible>(
        _ name: String, _ arguments: repeat each Argument
    ) async throws(RedisError) -> RedisReply {
        try await send(RedisCommand(name, repeat each arguments))
    }

    /// Writes all commands at once on one connection and returns their replies in order.
    /// An error reply appears in place as `.error(message)`; only connection problems throw.
    /// In cluster mode the commands are split by node (each node's share stays in order on one of its
    /// connections, the shares run side by side) and the replies are put back in order; a command
    /// whose keys span slots fails the whole call with `.crossSlot` before anything is sent.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisReply] {
        guard !commands.isEmpty else { return [] }
        return try await submit(commands)
    }

    /// Runs a script by EVALSHA, re-sending it with EVAL if the server answers NOSCRIPT.
    public func eval(
        _ script: RedisScript, keys: [String] = [], arguments: [any RedisArgumentConvertible] = []
    ) async throws(RedisError) -> RedisReply {
        try await send(.evalsha(script, keys: keys, arguments: arguments))
    }

    /// Sends `command` to every master (the one server in single-node mode) and returns each reply:
    /// for keyless commands whose answer or effect is per node, such as KEYS, DBSIZE or SCRIPT FLUSH.
    public func broadcast(_ command: RedisCommand) async throws(RedisError) -> [RedisReply] {
        switch backend {
        case .node(let pool): return try await pool.submit([command])
        case .cluster(let router): return try await router.broadcast(command)
        }
    }

    /// Readiness check: succeeds only if Redis answers PING with PONG (in cluster mode, one master).
    public func ping() async throws(RedisError) {
        let reply = try await send(RedisCommand("PING"))
        guard reply == .status("PONG") else {
            throw RedisError(.unexpectedReply, "PING answered \(reply)")
        }
    }

    /// Closes the connections: queued and unanswered commands fail with `.shutdown`, and this returns
    /// once every socket is closed. Later calls fail at once.
    public func shutdown() async {
        switch backend {
        case .node(let pool):
            pool.beginShutdown()
            await pool.waitUntilStopped()
        case .cluster(let router):
            await router.shutdown()
        }
    }

    private func submit(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisReply] {
        switch backend {
        case .node(let pool): return try await pool.submit(commands)
        case .cluster(let router): return try await router.submit(commands)
        }
    }
}
