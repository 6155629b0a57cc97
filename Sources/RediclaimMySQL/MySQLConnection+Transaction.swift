extension MySQLConnection {
    /// Runs `body` in a transaction: commits if it returns, rolls back if it throws or the task was
    /// cancelled (then `CancellationError` is thrown). A failed COMMIT is rolled back and rethrown.
    @discardableResult
    public func withTransaction<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (MySQLConnection) async throws -> Result
    ) async throws -> Result {
        guard !isInTransaction else {
            throw MySQLError(.nestedTransaction, "a transaction is already open on this connection")
        }
        try await simpleQuery("START TRANSACTION")
        let result: Result
        do {
            result = try await body(self)
            try Task.checkCancellation()
        } catch {
            await rollbackQuietly(after: error)
            throw error
        }
        do {
            try await simpleQuery("COMMIT")
        } catch {
            await rollbackQuietly(after: error)
            throw error
        }
        return result
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
