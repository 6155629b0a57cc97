import Dispatch
import Foundation
import Logging
import Synchronization

/// One Redis connection: a queue of requests drained by a dedicated I/O thread (auto-pipelining).
/// Callers never block: they enqueue and suspend on a continuation the thread resumes.
final class RedisConnection: Sendable {
    let id: Int
    let configuration: RedisConfiguration
    let logger: Logger
    private let state = Mutex(State())
    /// Wakes the sleeping worker when work arrives (counts, so a signal is never lost).
    private let workAvailable = DispatchSemaphore(value: 0)
    /// Cuts the worker's reconnect back-off short when the client shuts down.
    private let shutdownRequested = DispatchSemaphore(value: 0)

    init(id: Int, configuration: RedisConfiguration, logger: Logger) {
        self.id = id
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: RedisLogKey.connection] = "\(id)"
        self.logger = logger
    }

    /// Queues a request; the thread starts on first use, so `init` has no side effects.
    func submit(_ request: RedisRequest) {
        switch state.withLock({ $0.submit(request) }) {
        case .none: break
        case .wakeWorker: workAvailable.signal()
        case .reject(let request): request.fail(.shutdown())
        case .startWorker: startWorker()
        }
    }

    private func startWorker() {
        // The thread's closure retains `self` until the worker loop returns.
        let thread = Thread { [self] in
            RedisConnectionWorker(connection: self).run()
        }
        thread.name = "redis-io-\(id)"
        thread.start()
    }

    /// For the worker: the next requests, blocking (on the I/O thread) while idle; nil means exit.
    func nextBatch() -> [RedisRequest]? {
        while true {
            switch state.withLock({ $0.takeBatch() }) {
            case .run(let batch): return batch
            case .sleep: workAvailable.wait()
            case .exit: return nil
            }
        }
    }

    var isShuttingDown: Bool { state.withLock { $0.isShuttingDown } }

    func setSocket(_ socket: Int32?) { state.withLock { $0.setSocket(socket) } }

    /// Sleeps on the I/O thread for `delay`, returning early if shutdown begins.
    func backOff(_ delay: Duration) {
        let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
        if shutdownRequested.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success {
            shutdownRequested.signal()  // keep it set for any later back-off
        }
    }

    /// Stops accepting work, fails what is queued, and interrupts the in-flight read.
    func beginShutdown() {
        let action = state.withLock { $0.beginShutdown() }
        shutdownRequested.signal()
        if action.wakeWorker { workAvailable.signal() }
        for request in action.rejected { request.fail(.shutdown()) }
        for waiter in action.stopWaiters { waiter.resume() }
    }

    func workerStopped() {
        let waiters = state.withLock { $0.workerStopped() }
        for waiter in waiters { waiter.resume() }
    }

    /// Suspends until the I/O thread has exited (or at once if it never started).
    func waitUntilStopped() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            if !state.withLock({ $0.addStopWaiter(waiter) }) { waiter.resume() }
        }
    }
}
