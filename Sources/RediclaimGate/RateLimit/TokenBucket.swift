/// A classic token bucket: `rate` tokens per second up to `burst`; one request takes one token.
struct TokenBucket: Sendable {
    var tokens: Double
    var updatedAt: Double  // seconds, monotonic

    init(burst: Double, now: Double) {
        tokens = burst
        updatedAt = now
    }

    /// Takes a token if there is one; otherwise says how long until there will be.
    mutating func take(rate: Double, burst: Double, now: Double) -> RateDecision {
        tokens = min(burst, tokens + max(0, now - updatedAt) * rate)
        updatedAt = now
        if tokens >= 1 {
            tokens -= 1
            return .allowed
        }
        return .limited(retryAfterSeconds: max(1, Int(((1 - tokens) / rate).rounded(.up))))
    }

    /// A bucket that has refilled completely carries no information and can be forgotten.
    func isFull(rate: Double, burst: Double, now: Double) -> Bool {
        tokens + (now - updatedAt) * rate >= burst
    }
}

/// The outcome of a rate-limit check.
public enum RateDecision: Sendable, Equatable {
    case allowed
    case limited(retryAfterSeconds: Int)
}
