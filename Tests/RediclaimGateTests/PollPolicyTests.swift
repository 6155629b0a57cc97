import Testing

@testable import RediclaimGate

@Suite("Poll timing")
struct PollPolicyTests {
    let policy = PollPolicy()

    @Test("poll interval grows with rank and stays within 500 ms...15 s, whatever the jitter")
    func grows() {
        var previous = 0
        for ahead in [0, 100, 1_000, 5_000, 20_000, 1_000_000] {
            let mid = policy.pollAfterMs(ahead: ahead, ratePerSecond: 1_000, random: 0.5)
            #expect(mid >= previous)
            previous = mid
            for random in [0.0, 0.25, 0.999] {
                let ms = policy.pollAfterMs(ahead: ahead, ratePerSecond: 1_000, random: random)
                #expect((500...15_000).contains(ms))
            }
        }
        #expect(policy.pollAfterMs(ahead: 0, ratePerSecond: 1_000, random: 0.5) == 500)
        #expect(policy.pollAfterMs(ahead: 1_000_000, ratePerSecond: 1_000, random: 0.5) == 15_000)
    }

    @Test("jitter spreads polls by up to 20 percent")
    func jitter() {
        let low = policy.pollAfterMs(ahead: 9_999, ratePerSecond: 1_000, random: 0)
        let high = policy.pollAfterMs(ahead: 9_999, ratePerSecond: 1_000, random: 0.999_999)
        #expect(low == 4_000)
        #expect(high == 5_999)
    }

    @Test("estimated wait is people ahead (plus oneself) over the rate, rounded up")
    func wait() {
        #expect(policy.estimatedWaitSeconds(ahead: 0, ratePerSecond: 100) == 1)
        #expect(policy.estimatedWaitSeconds(ahead: 999, ratePerSecond: 100) == 10)
        #expect(policy.estimatedWaitSeconds(ahead: 5, ratePerSecond: 0) == 0)
    }
}
