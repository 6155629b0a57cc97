/// When a client should poll next and how long it will wait, from its place and the release rate.
/// Polls far back are rare, near the head frequent: below the 15 s cap the total polling rate is about
/// 2 x releaseRate x (1 + ln(queue / releaseRate)), growing only with the logarithm of the queue.
public struct PollPolicy: Sendable {
    public var minimumMs = 500
    public var maximumMs = 15_000
    /// Poll after this fraction of the expected wait: a client checks about twice per halving of its wait.
    public var fractionOfWait = 0.5
    public var jitter = 0.2
    /// RELEASED users wait on the issuer, which takes well under a second.
    public var releasedMs = 800

    public init() {}

    /// Expected wait in whole seconds for someone with `ahead` people in front at `ratePerSecond`.
    public func estimatedWaitSeconds(ahead: Int, ratePerSecond: Double) -> Int {
        guard ratePerSecond > 0 else { return 0 }
        return Int((Double(ahead + 1) / ratePerSecond).rounded(.up))
    }

    public func pollAfterMs(ahead: Int, ratePerSecond: Double, random: Double) -> Int {
        let waitMs = ratePerSecond > 0 ? Double(ahead + 1) / ratePerSecond * 1000 : Double(maximumMs)
        return jittered(waitMs * fractionOfWait, random: random)
    }

    public func pollAfterReleasedMs(random: Double) -> Int { jittered(Double(releasedMs), random: random) }

    /// `random` in 0..<1 spreads polls by plus or minus `jitter` so clients do not poll in lockstep.
    func jittered(_ ms: Double, random: Double) -> Int {
        let bounded = min(Double(maximumMs), max(Double(minimumMs), ms))
        let spread = bounded * (1 + jitter * (2 * random - 1))
        return Int(min(Double(maximumMs), max(Double(minimumMs), spread)))
    }
}
