import RediclaimCore
import RediclaimStore

/// I1-I8 of the product spec, over one event's data. Pure: the gathering is elsewhere.
enum InvariantChecker {
    static func check(_ d: AuditData) -> [InvariantResult] {
        [i1(d), i2(d), i3(d), i4(d), cohortAware(i5(d), d), i6(d), i7(d), i8(d)]
    }

    static func result(_ id: String, _ title: String, _ problems: [String], _ summary: String) -> InvariantResult {
        InvariantResult(id: id, title: title, passed: problems.isEmpty, summary: summary, examples: Array(problems.prefix(5)))
    }

    static func i1(_ d: AuditData) -> InvariantResult {
        var problems: [String] = []
        if d.rows.count > d.stock { problems.append("\(d.rows.count) rows for stock \(d.stock)") }
        if d.issuedCount > d.stock { problems.append("issued_count \(d.issuedCount) above stock \(d.stock)") }
        let note = Int64(d.rows.count) == d.issuedCount ? "" : " (issued_count \(d.issuedCount) differs: run reconcile)"
        return result("I1", "issued <= stock", problems, "\(d.rows.count) issued of \(d.stock)\(note)")
    }

    static func i2(_ d: AuditData) -> InvariantResult {
        var problems: [String] = []
        var users: [String: Int] = [:]
        var codes: [String: Int] = [:]
        for row in d.rows {
            users[row.userId, default: 0] += 1
            codes[row.code, default: 0] += 1
        }
        problems += users.filter { $0.value > 1 }.map { "user \($0.key) has \($0.value) coupons" }
        problems += codes.filter { $0.value > 1 }.map { "code \($0.key) issued \($0.value) times" }
        return result("I2", "one coupon per (event, user)", problems, "\(users.count) users, \(d.rows.count) rows")
    }

    static func i3(_ d: AuditData) -> InvariantResult {
        var problems: [String] = []
        let rowByUser = Dictionary(d.rows.map { ($0.userId, $0.code) }, uniquingKeysWith: { a, _ in a })
        var issuedInRedis = 0
        for (user, record) in d.records {
            guard case .issued(_, let code, _) = record else { continue }
            issuedInRedis += 1
            if rowByUser[user] == nil { problems.append("\(user) is ISSUED in Redis without a row") }
            else if rowByUser[user] != code { problems.append("\(user): Redis code \(code) is not the row's") }
        }
        var issuedResults: [String: String] = [:]
        for r in d.results ?? [] {
            guard let coupon = r.coupon else { continue }
            issuedResults[r.userId] = coupon.code
            if rowByUser[r.userId] == nil { problems.append("\(r.userId) has an ISSUED result without a row") }
            else if rowByUser[r.userId] != coupon.code { problems.append("\(r.userId): result code \(coupon.code) is not the row's") }
        }
        for (user, _) in rowByUser {
            if case .issued = d.records[user] {} else { problems.append("\(user) has a row but is not ISSUED in Redis") }
            if d.results != nil && issuedResults[user] == nil { problems.append("\(user) has a row but no ISSUED result") }
        }
        let resultsNote = d.results.map { " and \(Set($0.filter { $0.status == .issued }.map(\.userId)).count) in results" } ?? ""
        return result(
            "I3", "ISSUED <=> row", problems, "\(d.rows.count) rows, \(issuedInRedis) ISSUED in Redis\(resultsNote)")
    }

    static func i4(_ d: AuditData) -> InvariantResult {
        var problems: [String] = []
        let finalInResults = Set((d.results ?? []).map(\.userId))
        let users = Set(d.releases.map(\.userId))
        var final = 0
        for user in users.sorted() {
            switch d.records[user] {
            case .issued, .soldOut: final += 1
            case .released where d.outcomes[user] == .deadLettered:
                problems.append("\(user) was dead-lettered: see rediclaimctl dlq list, then dlq replay")
            case .released: problems.append("\(user) is still RELEASED")
            case nil: problems.append("\(user) was released but has no status")
            }
            if d.results != nil && !finalInResults.contains(user) && d.outcomes[user] != .deadLettered {
                problems.append("\(user) has no result in Kafka")
            }
        }
        return result("I4", "every released user ends ISSUED or SOLD_OUT", problems, "\(final) of \(users.count) released are final")
    }

    /// Within one runtime epoch a later release never has an earlier sequence number. Across epochs there is
    /// no order to keep: the new Redis lifetime numbers its queue afresh (waiting users enqueue again).
    static func i5(_ d: AuditData) -> InvariantResult {
        var problems: [String] = []
        let releases = d.releases
        let epochs = Dictionary(grouping: releases, by: \.epoch)
        for (_, log) in epochs {
            for (a, b) in zip(log, log.dropFirst()) where a.seq >= b.seq {
                problems.append("\(b.userId) (seq \(b.seq)) released after \(a.userId) (seq \(a.seq)) in epoch \(a.epoch)")
            }
        }
        let note = epochs.count > 1 ? " over \(epochs.count) runtime epochs" : ""
        return result("I5", "released in enqueue order", problems, "\(releases.count) releases checked\(note)")
    }

    /// Any one-second window may hold at most the rate in force x 1 s plus one tick's worth (the bucket's
    /// capacity); a window that straddles a rate change is allowed the higher rate.
    static func i6(_ d: AuditData) -> InvariantResult {
        func allowed(_ rate: Int) -> Int { rate + max(1, Int((Double(rate) * Double(d.tickMs) / 1000).rounded(.up))) }
        var worst: (count: Int, allowed: Int, at: Int64)? = nil
        var busiest = 0
        var start = 0
        let log = d.releases
        for end in log.indices {
            while log[end].releasedAtMs - log[start].releasedAtMs >= 1_000 { start += 1 }
            let count = end - start + 1
            busiest = max(busiest, count)
            let limit = allowed(d.highestRate(fromMs: log[start].releasedAtMs, toMs: log[start].releasedAtMs + 999))
            if count > limit, count - limit > (worst.map { $0.count - $0.allowed } ?? 0) {
                worst = (count, limit, log[start].releasedAtMs)
            }
        }
        let problems = worst.map { ["\($0.count) releases in the second from \($0.at) ms, allowed \($0.allowed)"] } ?? []
        let rates = Set(d.changes.map(\.releaseRate)).count > 1 ? "rates from the change log" : "rate \(d.releaseRate)/s"
        return result(
            "I6", "release rate <= configured + one tick", problems,
            "busiest second \(busiest), allowed \(allowed(d.releaseRate)) (\(rates), tick \(d.tickMs) ms)")
    }
}
