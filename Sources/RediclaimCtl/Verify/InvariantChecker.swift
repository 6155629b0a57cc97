import RediclaimCore
import RediclaimStore

/// I1-I6 of the product spec, over one event's data. Pure: the gathering is elsewhere.
enum InvariantChecker {
    static func check(_ d: AuditData) -> [InvariantResult] {
        [i1(d), i2(d), i3(d), i4(d), cohortAware(i5(d), d), i6(d)]
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
        var final = 0
        for entry in d.releaseLog {
            switch d.records[entry.userId] {
            case .issued, .soldOut: final += 1
            case .released: problems.append("\(entry.userId) is still RELEASED")
            case nil: problems.append("\(entry.userId) was released but has no status")
            }
            if d.results != nil && !finalInResults.contains(entry.userId) {
                problems.append("\(entry.userId) has no result in Kafka")
            }
        }
        return result("I4", "every released user ends ISSUED or SOLD_OUT", problems, "\(final) of \(d.releaseLog.count) released are final")
    }

    static func i5(_ d: AuditData) -> InvariantResult {
        var problems: [String] = []
        for (a, b) in zip(d.releaseLog, d.releaseLog.dropFirst()) where a.score >= b.score {
            problems.append("\(b.userId) (seq \(b.score.seq)) released after \(a.userId) (seq \(a.score.seq))")
        }
        return result("I5", "released in enqueue order", problems, "\(d.releaseLog.count) releases checked")
    }

    /// Any one-second window may hold at most rate x 1 s plus one tick's worth (the bucket's capacity).
    static func i6(_ d: AuditData) -> InvariantResult {
        let allowed = d.releaseRate + max(1, Int((Double(d.releaseRate) * Double(d.tickMs) / 1000).rounded(.up)))
        var busiest = 0
        var busiestAt: Int64 = 0
        var start = 0
        let log = d.releaseLog.sorted { $0.releasedAtMs < $1.releasedAtMs }
        for end in log.indices {
            while log[end].releasedAtMs - log[start].releasedAtMs >= 1_000 { start += 1 }
            if end - start + 1 > busiest {
                busiest = end - start + 1
                busiestAt = log[start].releasedAtMs
            }
        }
        let problems = busiest > allowed ? ["\(busiest) releases in the second from \(busiestAt) ms"] : []
        return result(
            "I6", "release rate <= configured + one tick", problems,
            "busiest second \(busiest), allowed \(allowed) (rate \(d.releaseRate)/s, tick \(d.tickMs) ms)")
    }
}
