import RediclaimCore
import RediclaimStore

/// I7 and I8: what restarts and lost state could break, judged from every source at once.
extension InvariantChecker {
    /// Told SOLD_OUT while stock was left is an undersell, unless an operator closed the event (or it passed
    /// closeAt) and the waiting users were ended by that.
    static func i7(_ d: AuditData) -> InvariantResult {
        let toldSoldOut = Set(
            d.records.compactMap { if case .soldOut = $0.value { $0.key } else { nil } }
                + (d.results ?? []).filter { $0.status == .soldOut }.map(\.userId)
                + d.outcomes.filter { $0.value == .soldOut }.map(\.key))
        let deadLettered = d.outcomes.values.filter { $0 == .deadLettered }.count
        let spent = Int64(d.rows.count + deadLettered)
        guard !toldSoldOut.isEmpty else { return result("I7", "no undersell", [], "nobody was told SOLD_OUT") }
        if d.closed {
            return result("I7", "no undersell", [], "closed: \(toldSoldOut.count) told SOLD_OUT, \(spent) of \(d.stock) spent")
        }
        let problems =
            spent < d.stock
            ? ["\(toldSoldOut.count) users told SOLD_OUT while \(d.stock - spent) of \(d.stock) coupons were never issued"] : []
        let dlqNote = deadLettered > 0 ? " (\(deadLettered) dead-lettered)" : ""
        return result("I7", "no undersell", problems, "\(spent) of \(d.stock) spent\(dlqNote), \(toldSoldOut.count) told SOLD_OUT")
    }

    /// One final answer per user across Redis, MySQL and the result topic; one release per user.
    static func i8(_ d: AuditData) -> InvariantResult {
        var finals: [String: Set<String>] = [:]
        for (user, record) in d.records {
            switch record {
            case .issued(_, let code, _): finals[user, default: []].insert("ISSUED \(code)")
            case .soldOut: finals[user, default: []].insert("SOLD_OUT")
            case .released: break
            }
        }
        for row in d.rows { finals[row.userId, default: []].insert("ISSUED \(row.code)") }
        for (user, outcome) in d.outcomes where outcome == .soldOut { finals[user, default: []].insert("SOLD_OUT") }
        for r in d.results ?? [] {
            finals[r.userId, default: []].insert(r.coupon.map { "ISSUED \($0.code)" } ?? "SOLD_OUT")
        }
        var problems = finals.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
            .map { "\($0.key) was told \($0.value.sorted().joined(separator: " and "))" }
        let releases = Dictionary(grouping: d.releases, by: \.userId).filter { $0.value.count > 1 }
        problems += releases.sorted { $0.key < $1.key }
            .map { "\($0.key) was released \($0.value.count) times (at \($0.value.map { String($0.releasedAtMs) }.joined(separator: ", ")) ms)" }
        return result(
            "I8", "one final answer and one release per user", problems,
            "\(finals.count) users with a final answer, \(d.releases.count) releases")
    }
}
