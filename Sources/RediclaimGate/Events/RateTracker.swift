import Synchronization

/// The measured release rate per event: the released counter in Redis (all gates together), sampled about
/// once a second and smoothed, so wait estimates follow what really happens rather than the configuration.
final class RateTracker: Sendable {
    private struct Sample {
        var released: Int64
        var at: ContinuousClock.Instant
        var rate: Double?
    }

    /// Weight of the newest sample; 0.3 settles within a few seconds but ignores one slow tick.
    let smoothing: Double
    private let samples = Mutex<[Int64: Sample]>([:])

    init(smoothing: Double = 0.3) { self.smoothing = smoothing }

    /// Records the released counter read at `at`; returns the smoothed rate.
    @discardableResult
    func observe(eventId: Int64, released: Int64, at: ContinuousClock.Instant) -> Double? {
        samples.withLock { all in
            guard var sample = all[eventId] else {
                all[eventId] = Sample(released: released, at: at, rate: nil)
                return nil
            }
            let seconds = Double((at - sample.at).components.seconds) + Double((at - sample.at).components.attoseconds) / 1e18
            guard seconds > 0.2 else { return sample.rate }
            let instant = Double(max(0, released - sample.released)) / seconds
            sample.rate = sample.rate.map { smoothing * instant + (1 - smoothing) * $0 } ?? instant
            sample.released = released
            sample.at = at
            all[eventId] = sample
            return sample.rate
        }
    }

    func rate(_ eventId: Int64) -> Double? { samples.withLock { $0[eventId]?.rate } }

    /// The rate to promise waiting users: measured when releases are flowing, else the configured one.
    func effectiveRate(_ eventId: Int64, configured: Int) -> Double {
        if let measured = rate(eventId), measured >= 1 { return measured }
        return Double(configured)
    }
}
