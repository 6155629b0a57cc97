/// The isolation level of one transaction (`SET TRANSACTION ISOLATION LEVEL ...`).
public enum MySQLIsolation: String, Sendable, Hashable {
    case readUncommitted = "READ UNCOMMITTED"
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension MySQLConnection {
    /// Runs `body` in a transaction: commits if it returns, rolls back if it throws or the task was
    /// cancelled (then `CancellationError` is thrown). A failed COMMIT is rolled back and rethrown.
    /// `isolation` applies to this transaction only (nil: the server's default, REPEATABLE READ).
    /// Bridge errors raised inside carry the caller's `file` and `line`, so a log names the transaction.
    @discardableResult
    public func withTransaction<Result>(
        isolation: MySQLIsolation? = nil, file: String = #fileID, line: Int = #line,
        actorIsolation: isolated (any Actor)? = #isolation,
        _ body: (MySQLConnection) async throws -> Result
    ) async throws -> Result {
        guard !isInTransaction else {
            throw MySQLError(.nestedTransaction, "a transaction is already open on this connection", file: file, line: line)
        }
        // One round trip opens the transaction, whatever the isolation.
        let begin = isolation.map { "SET TRANSACTION ISOLATION LEVEL \($0.rawValue); START TRANSACTION" } ?? "START TRANSACTION"
        do {
            try await simpleQuery(begin)
        } catch {
            throw Self.located(error, file: file, line: line)
        }
        let result: Result
        do {
            result = try await body(self)
            try Task.checkCancellation()
        } catch {
            await rollbackQuietly(after: error)
            throw Self.located(error, file: file, line: line)
        }
        do {
            // A COMMIT lost with the connection is ambiguous; callers retry idempotent work.
            try await simpleQuery("COMMIT")
        } catch {
            await rollbackQuietly(after: error)
            throw Self.located(error, file: file, line: line)
        }
        return result
    }

    /// A bridge error re-addressed to the transaction's call site (other errors are left alone).
    static func located(_ error: any Error, file: String, line: Int) -> any Error {
        guard var error = error as? MySQLError else { return error }
        error.detail = [error.detail, "raised at \(error.file):\(error.line)"].compactMap { $0 }.joined(separator: "; ")
        error.file = file
        error.line = line
        return error
    }

    /// Rolls back, logging (not throwing) a failure: the original error is the one that matters,
    /// and the server rolls back by itself when a broken connection is discarded.
    func rollbackQuietly(after error: any Error) async {
        guard !isBroken else { return }
        do {
            try await simpleQuery("ROLLBACK")
        } catch let rollbackError {
            markBroken()
            logger.warning(
                "mysql rollback failed; discarding the connection",
                metadata: [MySQLLogKey.errorCode: "\(rollbackError)", MySQLLogKey.cause: "\(error)"])
        }
    }
}
