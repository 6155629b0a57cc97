import Foundation
import Histogram

/// The figures of one spike, as JSON in the shape of the k6 spike's summary (so `scripts/e2e.sh`'s report
/// reads either), plus what k6 cannot tell: how late the generator itself was, and how good the wait
/// estimates were.
public struct SpikeReport: Sendable {
    let plan: SpikePlan
    let stats: SpikeStats
    let runSeconds: Double

    /// Arrivals per second between the first and the last arrival actually sent.
    public var achievedArrivalsPerSecond: Double {
        guard stats.arrived > 1, stats.lastArrivalNs > stats.firstArrivalNs else { return Double(stats.arrived) }
        return Double(stats.arrived - 1) / (Double(stats.lastArrivalNs - stats.firstArrivalNs) / 1e9)
    }

    public var finalUsers: Int { stats.issued + stats.soldOut }
    public var issued: Int { stats.issued }
    public var soldOut: Int { stats.soldOut }
    public var failedUsers: Int { stats.failed + stats.leftWaiting + stats.leftReleased }
    public var lateRequests: Int { stats.late }
    public var rankWentUp: Int { stats.rankWentUp }

    static func trend(_ h: Histogram<UInt64>, scale: Double) -> [String: Any] {
        guard h.totalCount > 0 else { return ["count": 0] }
        func v(_ x: UInt64) -> Double { (Double(x) / scale * 100).rounded() / 100 }
        return [
            "count": h.totalCount, "avg": (h.mean / scale * 100).rounded() / 100, "p50": v(h.valueAtPercentile(50)),
            "p90": v(h.valueAtPercentile(90)), "p95": v(h.valueAtPercentile(95)), "p99": v(h.valueAtPercentile(99)), "max": v(h.max),
        ]
    }

    public var document: [String: Any] {
        let s = stats
        return [
            "script": "rediclaim-bench spike",
            "generatedAt": ISO8601DateFormatter().string(from: Date()),
            "config": [
                "baseUrl": "http://\(plan.host):\(plan.port)", "eventId": plan.eventId, "users": plan.users,
                "arrivalSeconds": plan.arrivalSeconds, "rampSeconds": plan.rampSeconds, "targetPerSecond": plan.arrivalsPerSecond,
                "deadlineSeconds": plan.deadlineSeconds, "connections": plan.connections, "threads": plan.threads,
                "userPrefix": plan.userPrefix, "mode": "open model",
            ],
            "arrival": [
                "plannedUsers": plan.users, "arrivedUsers": s.arrived, "achievedPerSecond": achievedArrivalsPerSecond.rounded(),
                "targetPerSecond": plan.arrivalsPerSecond, "lateRequests": s.late, "worstLagMs": Int(s.worstLagNs / 1_000_000),
                "droppedIterations": 0,
            ],
            "latencyMs": ["enqueue": Self.trend(s.enqueueLatency, scale: 1_000), "rank": Self.trend(s.rankLatency, scale: 1_000)],
            "finalStatus": ["ISSUED": s.issued, "SOLD_OUT": s.soldOut, "soldOutAtEnqueue": s.soldOutAtEnqueue],
            "notFinal": ["leftWhileWaiting": s.leftWaiting, "leftWhileReleased": s.leftReleased, "failed": s.failed],
            "queuedUsers": s.queued,
            "pollsPerUser": Self.trend(s.pollsPerUser, scale: 1),
            "timeToFinalMs": Self.trend(s.timeToFinal, scale: 1_000),
            "pollAfterMs": Self.trend(s.pollAfter, scale: 1),
            "eta": [
                "users": s.etaError.totalCount, "absErrorSeconds": Self.trend(s.etaError, scale: 1_000),
                "relativeErrorPercent": Self.trend(s.etaRelativeError, scale: 100),
            ],
            "errorsByCode": ["enqueue": s.enqueueErrors, "rank": s.rankErrors],
            "http5xx": s.http5xx, "networkErrors": s.networkErrors, "rankWentUp": s.rankWentUp,
            "issuedWithoutCoupon": s.issuedWithoutCoupon, "requests": s.requests,
            "passed": failedUsers == 0 && s.rankWentUp == 0 && s.issuedWithoutCoupon == 0,
            "runSeconds": runSeconds,
        ]
    }

    public func json() throws -> Data {
        try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }

    /// The one-screen summary.
    public var lines: [String] {
        let s = stats
        func ms(_ h: Histogram<UInt64>) -> String {
            guard h.totalCount > 0 else { return "no requests" }
            return String(
                format: "p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms  (%d answered)", Double(h.valueAtPercentile(50)) / 1_000,
                Double(h.valueAtPercentile(95)) / 1_000, Double(h.valueAtPercentile(99)) / 1_000, Double(h.max) / 1_000, Int(h.totalCount))
        }
        var out = [
            "== rediclaim-bench spike: event \(plan.eventId) at \(plan.host):\(plan.port), \(plan.users) users ==",
            String(
                format: "arrivals       %d of %d, %.0f/s achieved (target %.0f/s)", s.arrived, plan.users, achievedArrivalsPerSecond,
                plan.arrivalsPerSecond),
            s.late > 0
                ? "schedule       BEHIND: \(s.late) requests sent more than \(plan.lateAfterMs) ms late (worst \(s.worstLagNs / 1_000_000) ms); latencies count from the planned time"
                : "schedule       kept (no request more than \(plan.lateAfterMs) ms late)",
            "enqueue        " + ms(s.enqueueLatency),
            "rank           " + ms(s.rankLatency),
            "final          ISSUED \(s.issued), SOLD_OUT \(s.soldOut) (\(s.soldOutAtEnqueue) at enqueue); not final: \(s.leftWaiting) waiting, \(s.leftReleased) released, \(s.failed) failed",
            "time to final  " + ms(s.timeToFinal),
            "errors         enqueue \(s.enqueueErrors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); rank \(s.rankErrors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); network \(s.networkErrors)",
        ]
        if s.etaError.totalCount > 0 {
            out.append(
                String(
                    format: "wait estimate  |estimated - actual|: median %.1f s, p90 %.1f s; relative median %.0f%%, p90 %.0f%% (%d users)",
                    Double(s.etaError.valueAtPercentile(50)) / 1_000, Double(s.etaError.valueAtPercentile(90)) / 1_000,
                    Double(s.etaRelativeError.valueAtPercentile(50)) / 100, Double(s.etaRelativeError.valueAtPercentile(90)) / 100,
                    Int(s.etaError.totalCount)))
        }
        return out
    }
}
