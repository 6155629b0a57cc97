import Glibc

extension RedisConnection {
    /// The queue and lifecycle of one connection; mutated under the connection's `Mutex`.
    /// Methods return what to do; the caller acts after unlocking.
    struct State: Sendable {
        enum Lifecycle { case idle, running, shuttingDown, stopped }

        private(set) var lifecycle = Lifecycle.idle
        private var queue: [RedisRequest] = []
        private var workerSleeping = false
        /// The connected socket, published so `shutdown` can interrupt a blocked read.
        private var socket: Int32?
        private var stopWaiters: [CheckedContinuation<Void, Never>] = []

        enum SubmitAction { case none, startWorker, wakeWorker, reject(RedisRequest) }

        mutating func submit(_ request: RedisRequest) -> SubmitAction {
            switch lifecycle {
            case .shuttingDown, .stopped:
                return .reject(request)
            case .idle:
                lifecycle = .running
                queue.append(request)
                return .startWorker
            case .running:
                queue.append(request)
                guard workerSleeping else { return .none }
                workerSleeping = false
                return .wakeWorker
            }
        }

        enum TakeAction { case run([RedisRequest]), sleep, exit }

        /// Called by the worker: everything queued so far, or sleep, or exit after shutdown.
        mutating func takeBatch() -> TakeAction {
            if !queue.isEmpty {
                var batch: [RedisRequest] = []
                swap(&batch, &queue)
                return .run(batch)
            }
            if lifecycle == .shuttingDown { return .exit }
            workerSleeping = true
            return .sleep
        }

        var isShuttingDown: Bool { lifecycle == .shuttingDown || lifecycle == .stopped }

        mutating func setSocket(_ socket: Int32?) { self.socket = socket }

        struct ShutdownAction {
            var rejected: [RedisRequest] = []
            var wakeWorker = false
            var stopWaiters: [CheckedContinuation<Void, Never>] = []
        }

        /// Stops taking work; queued requests are handed back to be failed.
        /// Interrupts the socket here, under the lock, so the worker cannot close it and let the
        /// number be reused between our read of `socket` and the `shutdown(2)` call.
        mutating func beginShutdown() -> ShutdownAction {
            var action = ShutdownAction()
            switch lifecycle {
            case .idle:
                lifecycle = .stopped
                action.stopWaiters = stopWaiters
                stopWaiters = []
            case .running:
                lifecycle = .shuttingDown
                swap(&action.rejected, &queue)
                action.wakeWorker = workerSleeping
                workerSleeping = false
                if let socket { _ = Glibc.shutdown(socket, Int32(SHUT_RDWR)) }
            case .shuttingDown, .stopped:
                break
            }
            return action
        }

        mutating func workerStopped() -> [CheckedContinuation<Void, Never>] {
            lifecycle = .stopped
            socket = nil
            defer { stopWaiters = [] }
            return stopWaiters
        }

        /// Returns false when already stopped (resume at once); otherwise keeps the waiter.
        mutating func addStopWaiter(_ waiter: CheckedContinuation<Void, Never>) -> Bool {
            guard lifecycle != .stopped else { return false }
            stopWaiters.append(waiter)
            return true
        }
    }
}
