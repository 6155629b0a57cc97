import Foundation
import RediclaimCore
import RediclaimStore

/// An event as `event show`/`list` print it: the definition from MySQL and the live figures from Redis.
struct EventView: Encodable {
    var id: Int64
    var name: String
    var state: String
    var stock: Int64
    var openAt: String
    var closeAt: String
    var releaseRate: Int
    var paused: Bool
    var closed: Bool
    var coupon: CouponPolicy
    var maxWaiting: Int64?
    var preQueueSeconds: Int
    var issuedCount: Int64
    var live: Live?

    /// Redis counters; nil when Redis has no copy (run `event sync`).
    struct Live: Encodable {
        var waiting: Int64
        var released: Int64
        var remainingBudget: Int64
        var pendingDispatch: Int64
        var issued: Int64
        var soldOut: Int64
        var lastSeq: Int64
    }

    init(record: EventRecord, counters: RuntimeCounters?, runtimeCopy: RuntimeDefinition?, now: Date) {
        let e = record.event
        id = e.id
        name = e.name
        stock = e.stock
        openAt = Timestamps.iso8601(e.openAt)
        closeAt = Timestamps.iso8601(e.closeAt)
        releaseRate = e.releaseRate
        paused = record.paused
        closed = record.closed
        coupon = e.coupon
        maxWaiting = e.maxWaiting
        preQueueSeconds = e.preQueueSeconds
        issuedCount = record.issuedCount
        let released = counters?.released ?? record.issuedCount
        state = e.state(
            at: now, runtime: EventRuntime(stock: e.stock, released: released, paused: record.paused, closed: record.closed)
        ).rawValue
        if let c = counters, runtimeCopy != nil {
            live = Live(
                waiting: c.waiting, released: c.released, remainingBudget: max(0, e.stock - c.released),
                pendingDispatch: c.pending, issued: c.issued, soldOut: c.soldOut, lastSeq: c.lastSeq)
        }
    }

    func render() -> String {
        var lines = [
            "event \(id): \(name)",
            "  state          \(state)\(paused ? " (paused)" : "")\(closed ? " (closed by admin)" : "")",
            "  window         \(openAt) .. \(closeAt)",
            "  stock          \(stock)",
            "  release rate   \(releaseRate)/s",
            "  queue          " + (maxWaiting.map { "at most \($0) waiting" } ?? "no cap")
                + (preQueueSeconds > 0 ? "; pre-queue \(preQueueSeconds) s before the open" : ""),
            "  coupon         \(Self.describe(coupon))",
            "  issued (MySQL) \(issuedCount)",
        ]
        if let live {
            lines += [
                "  live (Redis)",
                "    waiting          \(live.waiting)",
                "    released         \(live.released) (budget left \(live.remainingBudget))",
                "    pending dispatch \(live.pendingDispatch)",
                "    issued           \(live.issued)",
                "    sold out         \(live.soldOut)",
            ]
        } else {
            lines.append("  live (Redis)   no runtime copy; run `rediclaimctl event sync \(id)`")
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ policy: CouponPolicy) -> String {
        let discount: String =
            switch policy.discount {
            case .fixed(let amount): "\(amount) off"
            case .percent(let p, let maxDiscount): "\(p)% off (max \(maxDiscount))"
            }
        return "\(discount), min order \(policy.minOrderAmount), valid \(policy.validDays) days"
    }
}
