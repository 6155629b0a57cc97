import Synchronization

/// Counts the calls using a client's handle so `close` can wait for them before destroying it.
final class RDKafkaUsage: Sendable {
    private struct State {
        var closed = false
        var busy = 0
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let what: String

    init(what: String) { self.what = what }

    var isClosed: Bool { state.withLock { $0.closed } }

    /// Runs `body` while the client is open; throws `.closed` after `close` began.
    func use<T>(_ body: () throws(KafkaError) -> T) throws(KafkaError) -> T {
        let entered = state.withLock { state in
            guard !state.closed else { return false }
            state.busy += 1
            return true
        }
        guard entered else { throw KafkaError.closed(what) }
        defer { leave() }
        return try body()
    }

    /// Marks the client closed (first caller gets true) and waits until no call uses it.
    func closeAndDrain() async -> Bool {
        let first = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state in
                if state.busy == 0 { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
        return first
    }

    private func leave() {
        let waiters = state.withLock { state in
            state.busy -= 1
            guard state.closed, state.busy == 0 else { return [CheckedContinuation<Void, Never>]() }
            defer { state.drainWaiters.removeAll() }
            return state.drainWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
