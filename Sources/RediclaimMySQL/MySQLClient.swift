import Logging
import Synchronization

/// A pool of MySQL connections: opened lazily up to `poolSize`, leased in FIFO order.
///
/// Broken connections are discarded when their lease ends and replaced on demand; idle ones are
/// pinged before reuse after `pingIdleConnectionsAfter`. Call `close()` when done.
public final class MySQLClient: Sendable {
    /// The configuration the pool was built with.
    public let configuration: MySQLConfiguration
    let logger: Logger
    let state: Mutex<MySQLPoolState>
    let nextWaiterID = Atomic<UInt64>(0)
    let nextConnectionNumber = Atomic<UInt64>(0)

    /// Validates `configuration`; no connection is opened until the first lease.
    public init(configuration: MySQLConfiguration, logger: Logger) throws {
        try configuration.validate()
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: MySQLLogKey.poolSize] = "\(configuration.poolSize)"
        self.logger = logger
        self.state = Mutex(MySQLPoolState(maxConnections: configuration.poolSize))
    }

    deinit {
        // Stop the threads of idle connections if close() was never called.
        let (idle, waiters) = state.withLock { $0.close() }
        for connection in idle { connection.closeInBackground() }
        for waiter in waiters { waiter.continuation.resume(throwing: MySQLError(.closed, "the MySQL client is closed")) }
    }

    /// Connections open or opening, idle in the pool, and tasks waiting for one.
    public var statistics: (open: Int, idle: Int, waiting: Int) {
        state.withLock { ($0.opened, $0.idleCount, $0.waiterCount) }
    }

    /// Leases one connection for the scope of `body` (e.g. for `GET_LOCK` or several statements in
    /// a row). A transaction `body` left open is rolled back before the connection is reused.
    @discardableResult
    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (MySQLConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await lease()
        let result: Result
        do {
            result = try await body(connection)
        } catch {
            await release(connection)
            throw error
        }
        await release(connection)
        return result
    }

    /// Leases a connection and runs `body` in a transaction on it (see `MySQLConnection.withTransaction`).
    @discardableResult
    public func withTransaction<Result>(
        isolation: MySQLIsolation? = nil, file: String = #fileID, line: Int = #line,
        actorIsolation: isolated (any Actor)? = #isolation,
        _ body: (MySQLConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.withTransaction(isolation: isolation, file: file, line: line, body)
        }
    }

    /// Runs a prepared statement on any connection and returns its rows.
    public func query(_ query: MySQLQuery) async throws -> [MySQLRow] {
        try await withConnection { try await $0.query(query) }
    }

    /// Runs a prepared statement that returns no rows on any connection.
    @discardableResult
    public func execute(_ query: MySQLQuery) async throws -> MySQLExecuteResult {
        try await withConnection { try await $0.execute(query) }
    }

    /// Runs trusted, parameter-less SQL (e.g. migrations) on any connection. Never for user values.
    public func simpleQuery(_ sql: String) async throws {
        try await withConnection { try await $0.simpleQuery(sql) }
    }

    /// Fails waiting tasks, closes idle connections, and returns once every leased connection was
    /// given back and closed too.
    public func close() async {
        let (idle, waiters) = state.withLock { $0.close() }
        for waiter in waiters { waiter.continuation.resume(throwing: MySQLError(.closed, "the MySQL client is closed")) }
        for connection in idle { await connection.close() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiting = state.withLock { $0.awaitClosed(continuation) }
            if !waiting { continuation.resume() }
        }
        logger.debug("mysql client closed")
    }
}
