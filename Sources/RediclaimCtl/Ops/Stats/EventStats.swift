import Foundation
import RediclaimCore
import RediclaimStore

/// One reading of an event's live figures: the Redis counters with Redis's clock, and MySQL's count.
struct StatsSample: Sendable {
    let record: EventRecord
    let definition: RuntimeDefinition?
    let counters: RuntimeCounters?
    /// Redis server time of the reading (epoch ms).
    let redisTimeMs: Int64
}

/// `stats EVENT` as printed: one screen of figures (pure: built from two samples).
struct EventStats: Encodable, Sendable {
    struct Live: Encodable, Sendable {
        let waiting: Int64
        let released: Int64
        /// Stock minus released: how many more the gate may let out.
        let releaseBudget: Int64
        let pendingDispatch: Int64
        /// Age of the oldest request not yet acknowledged by Kafka (Redis clock).
        let oldestPendingMs: Int64?
        /// Users whose ISSUED status the gate wrote.
        let issued: Int64
        /// Users told SOLD_OUT.
        let soldOut: Int64
        let configuredReleaseRate: Int
        /// Releases per second between the two samples.
        let measuredReleaseRate: Double?
        /// ISSUED statuses written per second between the two samples.
        let measuredIssueRate: Double?
    }

    let eventId: Int64
    let name: String
    let state: String
    let stock: Int64
    /// `coupon_event.issued_count`, the source of truth.
    let issuedInMySQL: Int64
    let remainingStock: Int64
    /// nil when Redis has no copy of the event (`rediclaimctl event sync`).
    let live: Live?
    let sampledSeconds: Double?

    init(_ now: StatsSample, previous: StatsSample?) {
        let e = now.record.event
        eventId = e.id
        name = e.name
        stock = e.stock
        issuedInMySQL = now.record.issuedCount
        remainingStock = max(0, e.stock - now.record.issuedCount)
        let released = now.counters?.released ?? now.record.issuedCount
        state = e.state(
            at: Timestamps.date(epochMillis: now.redisTimeMs),
            runtime: EventRuntime(stock: e.stock, released: released, paused: now.record.paused, closed: now.record.closed)
        ).rawValue
        let seconds = previous.map { Double(now.redisTimeMs - $0.redisTimeMs) / 1000 }
        sampledSeconds = seconds
        guard let c = now.counters, let definition = now.definition else {
            live = nil
            return
        }
        func rate(_ value: (RuntimeCounters) -> Int64) -> Double? {
            guard let seconds, seconds > 0, let old = previous?.counters else { return nil }
            return Double(max(0, value(c) - value(old))) / seconds
        }
        live = Live(
            waiting: c.waiting, released: c.released, releaseBudget: max(0, e.stock - c.released),
            pendingDispatch: c.pending, oldestPendingMs: c.oldestPendingMs.map { max(0, now.redisTimeMs - $0) },
            issued: c.issued, soldOut: c.soldOut, configuredReleaseRate: definition.releaseRate,
            measuredReleaseRate: rate(\.released), measuredIssueRate: rate(\.issued))
    }

    func render() -> String {
        var lines = ["event \(eventId): \(name)   \(state)"]
        func row(_ label: String, _ value: String, _ note: String = "") {
            let pad = String(repeating: " ", count: max(0, 18 - label.count))
            let number = String(repeating: " ", count: max(0, 12 - value.count)) + value
            lines.append("  \(label)\(pad)\(number)\(note.isEmpty ? "" : "   \(note)")")
        }
        guard let live else {
            row("stock", Figures.count(stock))
            row("issued (MySQL)", Figures.count(issuedInMySQL), "remaining stock \(Figures.count(remainingStock))")
            lines.append("  no runtime copy in Redis: run `rediclaimctl event sync \(eventId)`")
            return lines.joined(separator: "\n")
        }
        row("waiting", Figures.count(live.waiting))
        row("released", Figures.count(live.released), "release budget left \(Figures.count(live.releaseBudget)) of \(Figures.count(stock))")
        row("pending dispatch", Figures.count(live.pendingDispatch), live.oldestPendingMs.map { "oldest \(Figures.duration(Double($0) / 1000))" } ?? "")
        row("issued", Figures.count(live.issued), "MySQL issued_count \(Figures.count(issuedInMySQL)), remaining stock \(Figures.count(remainingStock))")
        row("sold out", Figures.count(live.soldOut), "users told SOLD_OUT")
        let measured = live.measuredReleaseRate.map { "\(Figures.rate($0))/s measured" } ?? "not measured"
        row("release rate", "\(Figures.count(live.configuredReleaseRate))/s", "configured; \(measured)")
        if let issueRate = live.measuredIssueRate { row("issue rate", "\(Figures.rate(issueRate))/s", "ISSUED statuses written") }
        return lines.joined(separator: "\n")
    }
}
