import Logging
import Synchronization

/// What an INSERT/UPDATE/DELETE reports.
public struct MySQLExecuteResult: Sendable, Hashable {
    /// Rows inserted, changed or deleted (INSERT IGNORE counts only rows actually inserted).
    public var affectedRows: UInt64
    /// The AUTO_INCREMENT value of the first inserted row, or 0.
    public var lastInsertID: UInt64

    public init(affectedRows: UInt64, lastInsertID: UInt64) {
        self.affectedRows = affectedRows
        self.lastInsertID = lastInsertID
    }
}

/// One MySQL connection with its own thread for the blocking client library calls.
///
/// Leased from `MySQLClient.withConnection`.
/// Calls from several tasks are queued and run one at a time. A call that fails with
/// `.connectionLost` marks the connection broken: every later call fails the same way, and the
/// pool discards it instead of reusing it. Failed statements are never retried silently.
public final class MySQLConnection: Sendable {
    /// The server's id for this connection (`CONNECTION_ID()`, the id `KILL` takes).
    public let id: UInt64
    /// The server version string.
    public let serverVersion: String
    let logger: Logger
    private let worker: MySQLWorker
    private let broken = Atomic<Bool>(false)
    private let transactionOpen = Atomic<Bool>(false)

    private init(info: MariaDBSessionInfo, worker: MySQLWorker, logger: Logger) {
        self.id = info.connectionID
        self.serverVersion = info.serverVersion
        self.worker = worker
        var logger = logger
        logger[metadataKey: MySQLLogKey.connectionID] = "\(info.connectionID)"
        self.logger = logger
    }

    deinit { worker.stop() }

    /// Starts a worker thread that connects, then calls `completion` from that thread.
    static func open(
        configuration: MySQLConfiguration, logger: Logger, name: String,
        completion: @escaping @Sendable (Result<MySQLConnection, any Error>) -> Void
    ) {
        MySQLWorker.start(name: name, configuration: configuration) { worker, result in
            // Runs on the new connection's thread once connecting finished.
            switch result {
            case .success(let info):
                let connection = MySQLConnection(info: info, worker: worker, logger: logger)
                connection.logger.debug("mysql connection opened", metadata: [MySQLLogKey.target: "\(configuration)"])
                completion(.success(connection))
            case .failure(let error):
                logger.debug(
                    "mysql connect failed",
                    metadata: [MySQLLogKey.target: "\(configuration)", MySQLLogKey.errorCode: "\(error)"])
                completion(.failure(error))
            }
        }
    }

    /// True once a call reported the connection lost; such a connection is never reused.
    public var isBroken: Bool { broken.load(ordering: .acquiring) }

    /// True while the last call left a transaction open on the server.
    var isInTransaction: Bool { transactionOpen.load(ordering: .acquiring) }

    /// Marks the connection unusable, e.g. after a failed health check.
    func markBroken() { broken.store(true, ordering: .releasing) }

    /// Runs a prepared statement and returns all its rows.
    public func query(_ query: MySQLQuery) async throws -> [MySQLRow] {
        try await run { session in try session.execute(query).rows }
    }

    /// Runs a prepared statement that returns no rows (INSERT, UPDATE, DELETE, DDL).
    @discardableResult
    public func execute(_ query: MySQLQuery) async throws -> MySQLExecuteResult {
        try await run { session in
            let result = try session.execute(query)
            return MySQLExecuteResult(affectedRows: result.affectedRows, lastInsertID: result.lastInsertID)
        }
    }

    /// Runs trusted SQL text without parameters, e.g. a migration file with several `;`-separated
    /// statements. Never build `sql` from user values: use `query`/`execute` with interpolation.
    public func simpleQuery(_ sql: String) async throws {
        try await run { session in try session.simpleQuery(sql) }
    }

    /// A round trip that fails with `.connectionLost` if the server closed the connection.
    public func ping() async throws {
        try await run { session in try session.ping() }
    }

    /// Closes the connection and stops its thread; later calls fail with `.closed`.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            worker.submit { session in
                session?.close()
                continuation.resume()
            }
            worker.stop()
        }
    }

    /// Closes without waiting (used by the pool when it discards a connection).
    func closeInBackground() {
        worker.submit { session in session?.close() }
        worker.stop()
    }

    /// Runs `work` on this connection's thread and resumes the caller with its result.
    func run<T: Sendable>(_ work: @escaping @Sendable (MariaDBSession) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            worker.submit { [self] session in
                guard let session else {
                    return continuation.resume(throwing: MySQLError(.closed, "the connection is closed"))
                }
                guard !session.isBroken else {
                    return continuation.resume(throwing: MySQLError(.connectionLost, "the connection was lost earlier"))
                }
                let result = Result { try work(session) }
                transactionOpen.store(session.inTransaction, ordering: .releasing)
                if session.isBroken {
                    broken.store(true, ordering: .releasing)
                    logger.warning("mysql connection lost; it will be discarded")
                }
                continuation.resume(with: result)
            }
        }
    }
}
