import Synchronization

extension MySQLClient {
    /// A healthy connection: an idle one (pinged first if it idled too long) or a new one.
    func lease() async throws -> MySQLConnection {
        while true {
            let (connection, idleSince) = try await acquire()
            guard let idleSince, let limit = configuration.pingIdleConnectionsAfter,
                idleSince.duration(to: .now) >= limit
            else { return connection }
            do {
                try await connection.ping()
                return connection
            } catch {
                // The server closed it while idle (KILL, wait_timeout, restart): replace it silently,
                // since nothing was sent on it yet.
                logger.info(
                    "mysql idle connection failed its ping; replacing it",
                    metadata: [MySQLLogKey.connectionID: "\(connection.id)", MySQLLogKey.errorCode: "\(error)"])
                connection.markBroken()
                await release(connection)
            }
        }
    }

    private func acquire() async throws -> MySQLPoolState.Lease {
        let id = nextWaiterID.add(1, ordering: .relaxed).newValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let waiter = MySQLPoolState.Waiter(id: id, continuation: continuation)
                // Task.isCancelled is read under the lock, so a concurrent onCancel either sees the
                // waiter queued or the lease sees the cancellation.
                let action = state.withLock { $0.lease(waiter, cancelled: Task.isCancelled) }
                switch action {
                case .use(let lease): continuation.resume(returning: lease)
                case .fail(let error): continuation.resume(throwing: error)
                case .wait(let openConnection): if openConnection { openConnectionInBackground() }
                }
            }
        } onCancel: {
            if let waiter = state.withLock({ $0.cancel(id) }) {
                waiter.continuation.resume(throwing: CancellationError())
            }
        }
    }

    /// Gives a connection back: rolls back a transaction left open, then hands it on or discards it.
    func release(_ connection: MySQLConnection) async {
        if connection.isInTransaction, !connection.isBroken {
            logger.warning("mysql connection returned inside a transaction; rolling back")
            await connection.rollbackQuietly(after: MySQLError(.other(0), "transaction left open"))
        }
        let action = state.withLock { $0.release(connection) }
        switch action {
        case .handOver(let waiter):
            waiter.continuation.resume(returning: (connection, nil))
        case .keptIdle:
            break
        case .discard(let openReplacement, let finishedClosing):
            connection.closeInBackground()
            if openReplacement { openConnectionInBackground() }
            for waiter in finishedClosing { waiter.resume() }
        }
    }

    /// Opens one connection on its own new thread; the result goes to the longest waiter.
    private func openConnectionInBackground() {
        let number = nextConnectionNumber.add(1, ordering: .relaxed).newValue
        MySQLConnection.open(configuration: configuration, logger: logger, name: "mysql-pool-\(number)") {
            [self] result in
            switch result {
            case .success(let connection):
                switch state.withLock({ $0.opened(connection) }) {
                case .handOver(let waiter): waiter.continuation.resume(returning: (connection, nil))
                case .keptIdle: break
                case .close(let finishedClosing):
                    connection.closeInBackground()
                    for waiter in finishedClosing { waiter.resume() }
                }
            case .failure(let error):
                let (failed, finishedClosing) = state.withLock { $0.openFailed() }
                for waiter in failed { waiter.continuation.resume(throwing: error) }
                for waiter in finishedClosing { waiter.resume() }
            }
        }
    }
}
