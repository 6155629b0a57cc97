import Foundation
import Testing

@testable import RediclaimGate

@Suite("Polling budget, simulated (no servers)")
struct PollSimulationTests {
    static let queues = [1_000, 10_000, 100_000, 1_000_000, 10_000_000]
    static let rates = [10.0, 100.0, 1_000.0, 10_000.0]

    @Test("expected polls per second stay within the budget (or the floor, when the budget is below it) for every queue and rate")
    func withinBudget() throws {
        let policy = PollPolicy(budgetPerSecond: 2_000)
        var table = "| queue | rate/s | budget/s | floor/s | simulated polls/s | worst ISSUED->seen at the head (s) |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n"
        for queue in Self.queues {
            for rate in Self.rates {
                let outcome = PollSimulator(policy: policy, queue: queue, rate: rate).run()
                let floor = policy.minimumBudget(waiting: queue, ratePerSecond: rate)
                let allowed = max(policy.budgetPerSecond, floor)
                #expect(outcome.pollsPerSecond <= allowed, "\(queue) users at \(rate)/s: \(outcome.pollsPerSecond) polls/s, allowed \(allowed)")
                #expect(outcome.worstSeenAfterIssue <= 1.5, "\(queue) users at \(rate)/s: the head saw ISSUED \(outcome.worstSeenAfterIssue) s late")
                table += "| \(queue) | \(Int(rate)) | \(Int(policy.budgetPerSecond)) | \(Int(floor)) | \(Int(outcome.pollsPerSecond)) | \(String(format: "%.2f", outcome.worstSeenAfterIssue)) |\n"
            }
        }
        // scripts/bench/poll-simulation.sh sets this to keep the table in bench/results/.
        if let path = ProcessInfo.processInfo.environment["REDICLAIM_POLL_TABLE"] {
            try table.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    @Test("a budget above the floor is used, not just respected: within 15 percent of it for a long queue")
    func budgetIsSpent() {
        let policy = PollPolicy(budgetPerSecond: 2_000)
        let outcome = PollSimulator(policy: policy, queue: 1_000_000, rate: 100).run()
        #expect(abs(outcome.pollsPerSecond - 2_000) / 2_000 <= 0.15, "\(outcome.pollsPerSecond) polls/s")
    }

    @Test("the old rule (half the wait, capped at 15 s) would have broken the budget: the simulation can fail")
    func simulationDetectsOverspending() {
        var policy = PollPolicy(budgetPerSecond: 2_000)
        policy.fractionRange = 0.5...0.5
        policy.maximumMs = 15_000
        let outcome = PollSimulator(policy: policy, queue: 1_000_000, rate: 100).run()
        #expect(outcome.pollsPerSecond > 2_000 * 10)
    }
}
