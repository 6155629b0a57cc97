/// Consumer lag of one group, with rates measured between two snapshots (pure: no servers).
struct GroupLag: Encodable, Sendable {
    struct Partition: Encodable, Sendable {
        let partition: Int32
        let committed: Int64?
        let high: Int64
        let lag: Int64
        /// Offsets committed per second since the previous snapshot.
        let consumedPerSecond: Double?
        /// Lag above 0 and no commit since the previous snapshot: stuck, or a group not consuming.
        let stalled: Bool
    }

    let role: String
    let group: String
    let topic: String
    let partitions: [Partition]
    let totalLag: Int64
    let consumedPerSecond: Double?
    let producedPerSecond: Double?
    /// Total lag over the consume rate: how long the backlog takes at the current pace (nil when
    /// nothing was measured, or nothing moves).
    let drainSeconds: Double?
    /// `caught up`, `draining`, `stalled` (lag and no progress), `not consuming` (no commits at all).
    let state: String

    init(_ now: LagSnapshot, previous: LagSnapshot?) {
        role = now.role
        group = now.group
        topic = now.topic
        let seconds = previous.map { Figures.seconds(now.at - $0.at) }
        let before = Dictionary((previous?.partitions ?? []).map { ($0.partition, $0) }, uniquingKeysWith: { a, _ in a })
        var consumed = 0.0
        var produced = 0.0
        partitions = now.partitions.map { p in
            var rate: Double?
            var stalled = false
            if let seconds, seconds > 0, let old = before[p.partition] {
                let moved = Double((p.committed ?? old.committed ?? 0) - (old.committed ?? p.committed ?? 0))
                rate = max(0, moved) / seconds
                consumed += max(0, moved)
                produced += Double(max(0, p.high - old.high))
                stalled = p.lag > 0 && old.lag > 0 && moved <= 0
            }
            return Partition(
                partition: p.partition, committed: p.committed, high: p.high, lag: p.lag, consumedPerSecond: rate,
                stalled: stalled)
        }
        let total = now.totalLag
        let consumedRate = seconds.flatMap { $0 > 0 ? consumed / $0 : nil }
        totalLag = total
        consumedPerSecond = consumedRate
        producedPerSecond = seconds.flatMap { $0 > 0 ? produced / $0 : nil }
        drainSeconds = total > 0 ? consumedRate.flatMap { $0 > 0 ? Double(total) / $0 : nil } : 0
        if totalLag == 0 {
            state = "caught up"
        } else if now.partitions.allSatisfy({ $0.committed == nil }) {
            state = "not consuming"
        } else if partitions.contains(where: \.stalled) {
            state = "stalled"
        } else {
            state = "draining"
        }
    }

    /// The text block for one group.
    func render() -> String {
        var lines = ["\(role): group \(group) on \(topic): lag \(Figures.count(totalLag)), \(state)" + summary]
        var table = Table("PARTITION", "COMMITTED", "END", "LAG", "RATE/S", "")
        for p in partitions {
            table.add(
                String(p.partition), p.committed.map(Figures.count) ?? "-", Figures.count(p.high), Figures.count(p.lag),
                p.consumedPerSecond.map(Figures.rate) ?? "-", p.stalled ? "no progress" : "")
        }
        lines.append(table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }

    private var summary: String {
        guard let consumedPerSecond else { return "" }
        var text = "; consuming \(Figures.rate(consumedPerSecond))/s"
        if let producedPerSecond { text += ", arriving \(Figures.rate(producedPerSecond))/s" }
        if totalLag > 0 { text += drainSeconds.map { ", drains in ~\(Figures.duration($0))" } ?? ", not draining" }
        return text
    }
}
