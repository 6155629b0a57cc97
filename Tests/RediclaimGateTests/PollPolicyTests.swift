import Testing

@testable import RediclaimGate

@Suite("Poll timing")
struct PollPolicyTests {
    let policy = PollPolicy(budgetPerSecond: 2_000)

    @Test("the poll interval grows with the rank, never below 500 ms nor above a day, whatever the jitter")
    func grows() {
        var previous = 0
        for ahead in [0, 100, 1_000, 5_000, 20_000, 1_000_000, 9_999_999] {
            let mid = policy.pollAfterMs(ahead: ahead, waiting: 10_000_000, ratePerSecond: 1_000, random: 0.5)
            #expect(mid >= previous)
            previous = mid
            for random in [0.0, 0.25, 0.999] {
                let ms = policy.pollAfterMs(ahead: ahead, waiting: 10_000_000, ratePerSecond: 1_000, random: random)
                #expect((500...86_400_000).contains(ms))
            }
        }
        #expect(policy.pollAfterMs(ahead: 0, waiting: 10, ratePerSecond: 1_000, random: 0.5) == 1_000)
    }

    @Test("far-back users come back after minutes, not every 15 s")
    func farBack() {
        let ms = policy.pollAfterMs(ahead: 999_999, waiting: 1_000_000, ratePerSecond: 100, random: 0.5)
        #expect(ms > 600_000)
    }

    @Test("a larger budget makes everyone poll more often; a smaller one less, down to the floor")
    func budgetMoves() {
        let rich = PollPolicy(budgetPerSecond: 50_000).pollAfterMs(ahead: 50_000, waiting: 1_000_000, ratePerSecond: 100, random: 0.5)
        let poor = PollPolicy(budgetPerSecond: 500).pollAfterMs(ahead: 50_000, waiting: 1_000_000, ratePerSecond: 100, random: 0.5)
        let mid = policy.pollAfterMs(ahead: 50_000, waiting: 1_000_000, ratePerSecond: 100, random: 0.5)
        #expect(rich < mid)
        #expect(mid < poor)
        #expect(PollPolicy(budgetPerSecond: 10).fraction(waiting: 1_000_000, ratePerSecond: 100) == policy.fractionRange.upperBound)
    }

    @Test("the model's expected polls meet the budget when the budget is above the floor")
    func modelMeetsBudget() {
        for (waiting, rate) in [(1_000_000, 100.0), (200_000, 100.0), (10_000_000, 1_000.0)] {
            let c = policy.fraction(waiting: waiting, ratePerSecond: rate)
            let polls = policy.expectedPolls(waiting: waiting, ratePerSecond: rate, fraction: c)
            let floor = policy.minimumBudget(waiting: waiting, ratePerSecond: rate)
            #expect(polls <= max(policy.budgetPerSecond, floor) * 1.0001, "\(waiting) users at \(rate)/s: \(polls) polls/s")
        }
    }

    @Test("jitter spreads polls by up to 20 percent")
    func jitter() {
        let low = policy.pollAfterMs(ahead: 0, waiting: 1, ratePerSecond: 1_000, random: 0)
        let high = policy.pollAfterMs(ahead: 0, waiting: 1, ratePerSecond: 1_000, random: 0.999_999)
        #expect(low == 800)
        #expect(high == 1_199)
    }

    @Test("a pre-queued user comes back after the open, spread over at least a second")
    func preQueue() {
        let early = policy.pollAfterPreQueueMs(opensInMs: 60_000, preQueued: 200_000, random: 0)
        let late = policy.pollAfterPreQueueMs(opensInMs: 60_000, preQueued: 200_000, random: 0.999)
        #expect(early == 60_000)
        #expect(late > 60_000 + 29_000)
        #expect(policy.pollAfterPreQueueMs(opensInMs: 10_000, preQueued: 5, random: 0.999) >= 10_990)
        #expect(policy.pollAfterPreQueueMs(opensInMs: -300, preQueued: 5, random: 0) == 500)
    }

    @Test("estimated wait is people ahead (plus oneself) over the rate, rounded up")
    func wait() {
        #expect(policy.estimatedWaitSeconds(ahead: 0, ratePerSecond: 100) == 1)
        #expect(policy.estimatedWaitSeconds(ahead: 999, ratePerSecond: 100) == 10)
        #expect(policy.estimatedWaitSeconds(ahead: 5, ratePerSecond: 0) == 0)
    }
}
