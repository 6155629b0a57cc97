import Testing

@testable import RediclaimGate

@Suite("Rate limits")
struct RateLimiterTests {
    @Test("a burst is allowed, then requests are limited with a Retry-After until tokens refill")
    func burstThenLimit() {
        let limiter = RateLimiter(rate: 2, burst: 3)
        for _ in 0..<3 { #expect(limiter.check("1.2.3.4", now: 100) == .allowed) }
        #expect(limiter.check("1.2.3.4", now: 100) == .limited(retryAfterSeconds: 1))
        #expect(limiter.check("1.2.3.4", now: 100.5) == .allowed)
        #expect(limiter.check("1.2.3.4", now: 100.5) != .allowed)
    }

    @Test("keys are independent")
    func independentKeys() {
        let limiter = RateLimiter(rate: 1, burst: 1)
        #expect(limiter.check("a", now: 0) == .allowed)
        #expect(limiter.check("b", now: 0) == .allowed)
        #expect(limiter.check("a", now: 0) != .allowed)
    }

    @Test("Retry-After is the time until the next token, in whole seconds; rate 0 switches limits off")
    func retryAfter() {
        let slow = RateLimiter(rate: 1, burst: 1)
        _ = slow.check("a", now: 0)
        #expect(slow.check("a", now: 0) == .limited(retryAfterSeconds: 1))
        #expect(RateLimiter(rate: 0, burst: 1).check("a", now: 0) == .allowed)
        let tenthPerSecond = TokenBucket(burst: 1, now: 0)
        var bucket = tenthPerSecond
        _ = bucket.take(rate: 0.1, burst: 1, now: 0)
        #expect(bucket.take(rate: 0.1, burst: 1, now: 0) == .limited(retryAfterSeconds: 10))
    }

    @Test("sweep forgets refilled buckets and keeps busy ones")
    func sweep() {
        let limiter = RateLimiter(rate: 1, burst: 2)
        _ = limiter.check("idle", now: 0)
        _ = limiter.check("busy", now: 9)
        _ = limiter.check("busy", now: 9)
        #expect(limiter.sweep(now: 10) == 1)
    }
}
