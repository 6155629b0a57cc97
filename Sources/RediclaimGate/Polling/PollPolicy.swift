import Foundation

/// When a client should poll next and how long it will wait, so that an event's rank polls stay within a
/// budget (`gate.pollBudgetPerSecond`, across all gates: every client follows the same rule) whatever the
/// queue's length, while the head polls often enough to see a coupon within about a second.
///
/// The model (checked by `PollSimulationTests`), for a queue of `Q` users released at `r` per second:
/// - users expected out within `headSeconds` (H) poll every `headIntervalMs` (h): r·H/h polls/s;
/// - released users poll every `releasedMs` until their status is final: about r polls/s;
/// - everyone further back comes back after a fraction `c` of their remaining wait `w`; a user then polls
///   about `ln(w/H) / g` times on the way to the head, with g = -ln(1 - c), so together r·ln(W/H)/g polls/s,
///   W = Q/r being the last user's wait (those told to come back after `maximumMs` add r·(W - M/c)/M);
/// The gate picks `c` so that the sum meets the budget. A budget below the floor (the sum at the largest
/// fraction) cannot be met by honest clients; the policy then spends that floor (`minimumBudget`).
public struct PollPolicy: Sendable {
    public var minimumMs = 500
    /// Nobody is told to wait longer than this. A ticket may expire first (`gate.ticketTtlSeconds`): the
    /// client then enqueues again, keeping its place, and gets a fresh one.
    public var maximumMs = 86_400_000
    public var headSeconds = 2.0
    public var headIntervalMs = 1_000
    public var jitter = 0.2
    /// RELEASED users wait on the issuer, which takes well under a second.
    public var releasedMs = 800
    /// Expected rank polls per second for one event, across all gates.
    public var budgetPerSecond = 2_000.0
    /// The fraction of the remaining wait a far-back user waits: small when the budget allows, at most
    /// 0.9 so a user whose estimate was optimistic still comes back before their turn.
    public var fractionRange = 0.05...0.9
    /// The share of the budget the model aims at: jitter and the head's rounding cost a few percent more.
    public var target = 0.95

    public init(budgetPerSecond: Double = 2_000) { self.budgetPerSecond = budgetPerSecond }

    /// Expected wait in whole seconds for someone with `ahead` people in front at `ratePerSecond`.
    public func estimatedWaitSeconds(ahead: Int, ratePerSecond: Double) -> Int {
        guard ratePerSecond > 0 else { return 0 }
        return Int((Double(ahead + 1) / ratePerSecond).rounded(.up))
    }

    /// Expected polls per second of a queue of `waiting` users at `rate` when far-back users come back after
    /// the fraction `c` of their wait (the model above).
    public func expectedPolls(waiting: Int, ratePerSecond rate: Double, fraction c: Double) -> Double {
        guard rate > 0 else { return 0 }
        let lastWait = Double(waiting) / rate
        let head = rate * min(headSeconds, lastWait) * 1_000 / Double(headIntervalMs)
        let released = rate
        guard lastWait > headSeconds else { return head + released }
        let cap = Double(maximumMs) / 1_000
        let capped = max(headSeconds, min(lastWait, cap / c))
        let far = rate * log(capped / headSeconds) / -log(1 - c) + rate * (lastWait - capped) / cap
        return head + released + far
    }

    /// The least an event of this size costs with the sparsest polling the policy allows.
    public func minimumBudget(waiting: Int, ratePerSecond: Double) -> Double {
        expectedPolls(waiting: waiting, ratePerSecond: ratePerSecond, fraction: fractionRange.upperBound)
    }

    /// The fraction of their wait far-back users wait, so the event's polls meet the budget.
    public func fraction(waiting: Int, ratePerSecond rate: Double) -> Double {
        guard rate > 0 else { return fractionRange.upperBound }
        let lastWait = Double(waiting) / rate
        guard lastWait > headSeconds else { return fractionRange.lowerBound }
        // The expected polls fall as the fraction grows: the smallest fraction within the budget, by bisection.
        let aim = budgetPerSecond * target
        var low = fractionRange.lowerBound
        var high = fractionRange.upperBound
        if expectedPolls(waiting: waiting, ratePerSecond: rate, fraction: low) <= aim { return low }
        if expectedPolls(waiting: waiting, ratePerSecond: rate, fraction: high) >= aim { return high }
        for _ in 0..<40 {
            let mid = (low + high) / 2
            if expectedPolls(waiting: waiting, ratePerSecond: rate, fraction: mid) > aim { low = mid } else { high = mid }
        }
        return high
    }

    /// `ahead` users in front, `waiting` in the whole queue (pre-queue included), `ratePerSecond` measured.
    public func pollAfterMs(ahead: Int, waiting: Int, ratePerSecond: Double, random: Double) -> Int {
        guard ratePerSecond > 0 else { return jittered(Double(headIntervalMs) * 10, random: random) }
        let waitSeconds = Double(ahead + 1) / ratePerSecond
        if waitSeconds <= headSeconds { return jittered(Double(headIntervalMs), random: random) }
        let c = fraction(waiting: max(waiting, ahead + 1), ratePerSecond: ratePerSecond)
        return jittered(max(Double(headIntervalMs), c * waitSeconds * 1_000), random: random)
    }

    public func pollAfterReleasedMs(random: Double) -> Int { jittered(Double(releasedMs), random: random) }

    /// A pre-queued user comes back just after the open: `opensInMs` plus a spread that lets the cohort
    /// arrive at about the budget's pace (at least one second, at most thirty), never all at once.
    public func pollAfterPreQueueMs(opensInMs: Int64, preQueued: Int, random: Double) -> Int {
        let spreadMs = min(30_000, max(1_000, Double(preQueued) / budgetPerSecond * 1_000))
        let ms = Double(max(0, opensInMs)) + spreadMs * random
        return Int(min(Double(maximumMs), max(Double(minimumMs), ms)))
    }

    /// `random` in 0..<1 spreads polls by plus or minus `jitter` so clients do not poll in lockstep.
    func jittered(_ ms: Double, random: Double) -> Int {
        let bounded = min(Double(maximumMs), max(Double(minimumMs), ms))
        let spread = bounded * (1 + jitter * (2 * random - 1))
        return Int(min(Double(maximumMs), max(Double(minimumMs), spread)))
    }
}
