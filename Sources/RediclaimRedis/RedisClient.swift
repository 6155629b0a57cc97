import Logging
import Synchronization

/// A Redis client sharing a few pipelined connections among any number of concurrent callers.
///
/// Each connection has its own I/O thread that writes every queued command in one go and reads
/// the replies in order (auto-pipelining), so callers never block the cooperative thread pool.
/// Commands from one `pipeline` call stay together, in order, on one connection.
/// Blocking commands (BLPOP...) hold up the commands queued behind them on the same connection.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let connections: [RedisConnection]
    private let nextConnection = Atomic<Int>(0)

    /// Creates the client; connections open lazily on the first command. Call `shutdown()` when done.
    public init(configuration: RedisConfiguration, logger: Logger) {
        self.configuration = configuration
        connections = (0..<max(1, configuration.connectionCount)).map {
            RedisConnection(id: $0, configuration: configuration, logger: logger)
        }
    }

    deinit {
        for connection in connections { connection.beginShutdown() }
    }

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

    /// Readiness check: succeeds only if Redis answers PING with PONG.
    public func ping() async throws(RedisError) {
        let reply = try await send(RedisCommand("PING"))
        guard reply == .status("PONG") else {
            throw RedisError(.unexpectedReply, "PING answered \(reply)")
        }
    }

    /// Stops the I/O threads: queued commands fail with `.shutdown`, an in-flight read is
    /// interrupted, and this returns once every thread has exited. Later calls fail at once.
    public func shutdown() async {
        for connection in connections { connection.beginShutdown() }
        for connection in connections { await connection.waitUntilStopped() }
    }

    private func submit(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisReply] {
        // Round-robin spreads callers; each connection batches whatever queued while it was busy.
        let index = nextConnection.wrappingAdd(1, ordering: .relaxed).oldValue
        let connection = connections[index % connections.count]
        let result = await withUnsafeContinuation { (continuation: RedisRequest.Continuation) in
            connection.submit(RedisRequest(commands: commands, continuation: continuation))
        }
        return try result.get()
    }
}
