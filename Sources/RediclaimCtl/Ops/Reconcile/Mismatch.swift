import RediclaimCore
import RediclaimStore

/// A kind of disagreement between Redis, MySQL and the result topic (names as in `--json`).
enum MismatchKind: String, Sendable, CaseIterable, Encodable {
    /// RELEASED in Redis past the grace period; no row, no result, no dead letter.
    case releasedNotIssued
    /// Like releasedNotIssued, but the request is in the DLQ and was never replayed.
    case deadLettered
    /// The outcome is known (a row, or a SOLD_OUT result) but Redis does not show it.
    case statusMissing
    /// A row with no ISSUED result in the result topic.
    case resultMissing
    /// `coupon_event.issued_count` differs from the number of rows.
    case issuedCountMismatch
    /// ISSUED in Redis or in a result, but no row: a user may hold a coupon that does not exist.
    case issuedWithoutRow
    /// A row, yet SOLD_OUT in Redis or in a result.
    case soldOutWithRow
    /// Redis or a result names another code than the row's.
    case codeMismatch
    /// More rows than stock (I1).
    case oversold

    /// What `--repair` does about it; nil when it is not safe to fix automatically.
    var repair: String? {
        switch self {
        case .releasedNotIssued: "re-publish IssueRequested"
        case .deadLettered: "replay the dead letter (fix its cause first)"
        case .statusMissing: "write the final status to Redis (from the row or the SOLD_OUT result)"
        case .resultMissing: "re-publish the ISSUED result from the row"
        case .issuedCountMismatch: "recompute issued_count from the rows"
        case .issuedWithoutRow, .soldOutWithRow, .codeMismatch, .oversold: nil
        }
    }
}

/// One user's (or the event's) mismatch.
struct Mismatch: Sendable, Hashable {
    let kind: MismatchKind
    /// nil for event-level mismatches (counts).
    let userId: String?
    let detail: String
}

/// The mismatches in one reading, and how many users the grace period left out.
struct Findings: Sendable {
    var mismatches: [Mismatch] = []
    /// Users with recent activity (release, row or result younger than the grace period): not judged.
    var inGrace = 0
    var checkedUsers = 0

    var isClean: Bool { mismatches.isEmpty }

    func of(_ kind: MismatchKind) -> [Mismatch] { mismatches.filter { $0.kind == kind } }
}

/// Compares the three sources (pure: no servers).
enum MismatchFinder {
    static func find(_ d: ReconcileData, graceMs: Int64) -> Findings {
        let cutoff = d.nowMs - graceMs
        var f = Findings()
        func add(_ kind: MismatchKind, _ user: String?, _ detail: String) {
            f.mismatches.append(Mismatch(kind: kind, userId: user, detail: detail))
        }
        let users = Set(d.records.keys).union(d.rows.keys).union(d.results.keys)
        f.checkedUsers = users.count
        for user in users.sorted() {
            let record = d.records[user]
            let seen = d.results[user]
            if let row = d.rows[user] {
                let settled = Timestamps.epochMillis(row.issuedAt) < cutoff
                let otherCodes = (seen?.issuedCodes ?? []).subtracting([row.code])
                switch record {
                case .issued(_, let code, _) where code != row.code:
                    add(.codeMismatch, user, "\(user): Redis code \(code), row code \(row.code)")
                case .soldOut:
                    add(.soldOutWithRow, user, "\(user): SOLD_OUT in Redis but holds \(row.code)")
                case .issued: break
                case .released, nil:
                    if settled { add(.statusMissing, user, "\(user): row \(row.code), Redis \(Self.describe(record))") }
                }
                if !otherCodes.isEmpty { add(.codeMismatch, user, "\(user): result code \(otherCodes.sorted()[0]), row code \(row.code)") }
                if seen?.soldOut == true { add(.soldOutWithRow, user, "\(user): a SOLD_OUT result but holds \(row.code)") }
                if seen?.issuedCodes.contains(row.code) != true {
                    if settled { add(.resultMissing, user, "\(user): row \(row.code), no ISSUED result") }
                }
                if !settled && !(record.map(Self.isIssued) ?? false) { f.inGrace += 1 }
                continue
            }
            if case .issued(_, let code, _) = record { add(.issuedWithoutRow, user, "\(user): ISSUED (\(code)) in Redis, no row") }
            if let code = seen?.issuedCodes.sorted().first { add(.issuedWithoutRow, user, "\(user): ISSUED result (\(code)), no row") }
            let soldOutResult = seen.map { $0.soldOut && $0.issuedCodes.isEmpty } ?? false
            switch record {
            case .released(_, let releasedAt):
                if releasedAt >= cutoff {
                    f.inGrace += 1
                } else if soldOutResult {
                    if (seen?.latestMs ?? 0) < cutoff { add(.statusMissing, user, "\(user): a SOLD_OUT result, Redis RELEASED") } else { f.inGrace += 1 }
                } else if let item = d.deadLetters[user], item.replay == nil {
                    add(.deadLettered, user, "\(user): in the DLQ as \(item.id) (\(item.letter?.errorCode ?? "?"))")
                } else if seen == nil {
                    let age = Figures.duration(Double(d.nowMs - releasedAt) / 1000)
                    // Still pending: the gate never got it to Kafka (it re-publishes these, if it runs).
                    let pending = d.pending[user] == nil ? "" : ", still pending dispatch"
                    add(.releasedNotIssued, user, "\(user): released \(age) ago, no row, no result\(pending)")
                }
            case nil:
                if soldOutResult {
                    if (seen?.latestMs ?? 0) < cutoff { add(.statusMissing, user, "\(user): a SOLD_OUT result, no status in Redis") } else { f.inGrace += 1 }
                }
            case .issued, .soldOut: break
            }
        }
        if d.issuedCount != d.rowCount {
            add(.issuedCountMismatch, nil, "issued_count \(d.issuedCount), \(d.rowCount) rows")
        }
        if d.rowCount > d.stock { add(.oversold, nil, "\(d.rowCount) rows for stock \(d.stock)") }
        return f
    }

    static func isIssued(_ record: UserRecord) -> Bool {
        if case .issued = record { return true }
        return false
    }

    static func describe(_ record: UserRecord?) -> String {
        switch record {
        case nil: "has no status"
        case .released: "RELEASED"
        case .issued: "ISSUED"
        case .soldOut: "SOLD_OUT"
        }
    }
}
