import Synchronization

/// Set once graceful shutdown begins: the loop stops fetching and retries stop waiting.
final class StopFlag: Sendable {
    private let stopped = Atomic<Bool>(false)

    var isStopping: Bool { stopped.load(ordering: .acquiring) }

    func stop() { stopped.store(true, ordering: .releasing) }

    /// Sleeps `duration` unless stopping or cancelled first; false when cut short.
    func sleep(_ duration: Duration) async -> Bool {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end {
            if isStopping || Task.isCancelled { return false }
            let step = min(end - ContinuousClock.now, .milliseconds(50))
            do { try await Task.sleep(for: step) } catch { return false }
        }
        return !isStopping && !Task.isCancelled
    }
}
