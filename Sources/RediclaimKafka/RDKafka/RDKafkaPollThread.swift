internal import CRdKafka
import Foundation
import Synchronization

/// A dedicated thread that serves a client's main queue (`rd_kafka_poll`): delivery reports,
/// error callbacks. It keeps the client alive while it runs.
final class RDKafkaPollThread: Sendable {
    private struct State {
        var stopRequested = false
        var destroyOnExit = false
        var exited = false
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let client: RDKafkaClient

    init(client: RDKafkaClient, name: String) {
        self.client = client
        let thread = Thread { [self] in self.run() }
        thread.name = name
        thread.start()
    }

    private func run() {
        while !state.withLock({ $0.stopRequested }) {
            rd_kafka_poll(client.handle, 100)
        }
        let (destroy, waiters) = state.withLock { state in
            state.exited = true
            defer { state.exitWaiters.removeAll() }
            return (state.destroyOnExit, state.exitWaiters)
        }
        if destroy { client.destroy() }
        for waiter in waiters { waiter.resume() }
    }

    /// Serves whatever is queued now (used after a flush or purge so callbacks run promptly).
    func pollOnce(timeoutMilliseconds: Int32 = 0) {
        rd_kafka_poll(client.handle, timeoutMilliseconds)
    }

    /// Asks the thread to stop; with `destroyingClient` it frees the handle on its way out.
    func requestStop(destroyingClient: Bool) {
        state.withLock { state in
            state.stopRequested = true
            state.destroyOnExit = state.destroyOnExit || destroyingClient
        }
        // No rd_kafka_yield here: the thread may already be destroying the handle.
    }

    /// Stops the thread and waits until it no longer touches the handle.
    func stop() async {
        requestStop(destroyingClient: false)
        rd_kafka_yield(client.handle)  // safe: only this path destroys, and only after we return
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if state.exited { return true }
                state.exitWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
