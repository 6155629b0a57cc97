import Histogram

/// What one event loop's users saw; merged across loops at the end.
struct SpikeStats: Sendable {
    /// Microseconds, up to an hour.
    static func histogram() -> Histogram<UInt64> { Histogram(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three) }

    /// From each request's planned send time (so a generator or a gate that falls behind shows in it).
    var enqueueLatency = histogram()
    var rankLatency = histogram()
    var timeToFinal = histogram()
    var pollAfter = histogram()
    var pollsPerUser = histogram()
    /// Seconds, |first estimatedWaitSeconds - the wait the user really had until released|, x 1000.
    var etaError = histogram()
    var etaRelativeError = histogram()

    var arrived = 0
    var firstArrivalNs: UInt64 = .max
    var lastArrivalNs: UInt64 = 0
    var late = 0
    var worstLagNs: UInt64 = 0
    var issued = 0
    var soldOut = 0
    var soldOutAtEnqueue = 0
    var queued = 0
    var leftWaiting = 0
    var leftReleased = 0
    var failed = 0
    var enqueueErrors: [String: Int] = [:]
    var rankErrors: [String: Int] = [:]
    var http5xx = 0
    var networkErrors = 0
    var rankWentUp = 0
    var issuedWithoutCoupon = 0
    var requests = 0

    var finished: Int { issued + soldOut + leftWaiting + leftReleased + failed }

    mutating func add(_ o: SpikeStats) {
        enqueueLatency.add(o.enqueueLatency)
        rankLatency.add(o.rankLatency)
        timeToFinal.add(o.timeToFinal)
        pollAfter.add(o.pollAfter)
        pollsPerUser.add(o.pollsPerUser)
        etaError.add(o.etaError)
        etaRelativeError.add(o.etaRelativeError)
        arrived += o.arrived
        firstArrivalNs = min(firstArrivalNs, o.firstArrivalNs)
        lastArrivalNs = max(lastArrivalNs, o.lastArrivalNs)
        late += o.late
        worstLagNs = max(worstLagNs, o.worstLagNs)
        issued += o.issued
        soldOut += o.soldOut
        soldOutAtEnqueue += o.soldOutAtEnqueue
        queued += o.queued
        leftWaiting += o.leftWaiting
        leftReleased += o.leftReleased
        failed += o.failed
        enqueueErrors.merge(o.enqueueErrors, uniquingKeysWith: +)
        rankErrors.merge(o.rankErrors, uniquingKeysWith: +)
        http5xx += o.http5xx
        networkErrors += o.networkErrors
        rankWentUp += o.rankWentUp
        issuedWithoutCoupon += o.issuedWithoutCoupon
        requests += o.requests
    }
}
