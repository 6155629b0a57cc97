/// Exponential backoff with jitter: `base` doubling per attempt up to `max`, then ±25 % at random,
/// so issuers that failed together do not retry together.
public struct Backoff: Sendable, Hashable {
    public var base: Duration
    public var max: Duration

    public init(base: Duration, max: Duration) {
        self.base = base
        self.max = Swift.max(base, max)
    }

    /// The delay before retry number `attempt` (1 for the first retry).
    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &generator)
    }

    /// As `delay(attempt:)`, with an injected random source (tests).
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponent = Swift.min(Swift.max(attempt, 1) - 1, 30)
        let cap = max / .nanoseconds(1)
        let raw = base / .nanoseconds(1) * Double(1 << exponent)
        let plain = Swift.min(raw, cap)
        let jittered = plain * Double.random(in: 0.75...1.25, using: &generator)
        return .nanoseconds(Int64(Swift.min(jittered, cap)))
    }
}
