/// The pool's bookkeeping, kept behind a `Mutex` in `MySQLClient`.
///
/// Every method changes state and returns what to do; the caller does it after unlocking
/// (resume continuations, open or close connections).
struct MySQLPoolState {
    typealias Lease = (connection: MySQLConnection, idleSince: ContinuousClock.Instant?)

    struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Lease, any Error>
    }

    private struct Idle {
        var connection: MySQLConnection
        var since: ContinuousClock.Instant
    }

    let maxConnections: Int
    /// Connections that exist or are being opened; never above `maxConnections`.
    private(set) var opened = 0
    private var idle: [Idle] = []
    private var waiters: [Waiter] = []
    private(set) var isClosed = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    var idleCount: Int { idle.count }
    var waiterCount: Int { waiters.count }

    enum LeaseAction {
        case use(Lease)
        case wait(openConnection: Bool)
        case fail(any Error)
    }

    /// A task asks for a connection: an idle one if nobody waits ahead, else it queues (FIFO).
    mutating func lease(_ waiter: Waiter, cancelled: Bool) -> LeaseAction {
        if cancelled { return .fail(CancellationError()) }
        if isClosed { return .fail(MySQLError(.closed, "the MySQL client is closed")) }
        if waiters.isEmpty, let last = idle.popLast() {
            return .use((last.connection, last.since))
        }
        waiters.append(waiter)
        guard opened < maxConnections else { return .wait(openConnection: false) }
        opened += 1
        return .wait(openConnection: true)
    }

    /// Removes a waiter whose task was cancelled; nil if it was already served.
    mutating func cancel(_ id: UInt64) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index)
    }

    enum OpenedAction {
        case handOver(Waiter)
        case keptIdle
        case close(finishedClosing: [CheckedContinuation<Void, Never>])
    }

    /// A new connection is ready: the longest waiter gets it.
    mutating func opened(_ connection: MySQLConnection) -> OpenedAction {
        if isClosed {
            opened -= 1
            return .close(finishedClosing: takeCloseWaitersIfDone())
        }
        if !waiters.isEmpty { return .handOver(waiters.removeFirst()) }
        idle.append(Idle(connection: connection, since: .now))
        return .keptIdle
    }

    /// Opening failed: the longest waiter gets the error; if no connection exists to serve the
    /// others later, they all get it (nothing would ever wake them).
    mutating func openFailed() -> (failed: [Waiter], finishedClosing: [CheckedContinuation<Void, Never>]) {
        opened -= 1
        var failed: [Waiter] = []
        if !waiters.isEmpty { failed.append(waiters.removeFirst()) }
        if opened == 0 {
            failed += waiters
            waiters = []
        }
        return (failed, takeCloseWaitersIfDone())
    }

    enum ReleaseAction {
        case handOver(Waiter)
        case keptIdle
        case discard(openReplacement: Bool, finishedClosing: [CheckedContinuation<Void, Never>])
    }

    /// A lease ended: hand the connection to the longest waiter, keep it, or discard a broken one.
    mutating func release(_ connection: MySQLConnection) -> ReleaseAction {
        if isClosed || connection.isBroken {
            opened -= 1
            var replace = false
            if !isClosed, !waiters.isEmpty, opened < maxConnections {
                opened += 1
                replace = true
            }
            return .discard(openReplacement: replace, finishedClosing: takeCloseWaitersIfDone())
        }
        if !waiters.isEmpty { return .handOver(waiters.removeFirst()) }
        idle.append(Idle(connection: connection, since: .now))
        return .keptIdle
    }

    /// Starts shutting down: returns the idle connections to close and the waiters to fail.
    mutating func close() -> (idle: [MySQLConnection], waiters: [Waiter]) {
        isClosed = true
        let closing = idle.map(\.connection)
        opened -= closing.count
        idle = []
        let failed = waiters
        waiters = []
        return (closing, failed)
    }

    /// Registers a task that waits for the last connection to go; false if none is left.
    mutating func awaitClosed(_ continuation: CheckedContinuation<Void, Never>) -> Bool {
        guard opened > 0 else { return false }
        closeWaiters.append(continuation)
        return true
    }

    private mutating func takeCloseWaitersIfDone() -> [CheckedContinuation<Void, Never>] {
        guard isClosed, opened == 0 else { return [] }
        defer { closeWaiters = [] }
        return closeWaiters
    }
}
