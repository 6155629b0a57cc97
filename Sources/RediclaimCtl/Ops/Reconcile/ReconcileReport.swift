/// One kind of mismatch as reported: how many, what repair does, a few examples.
struct MismatchGroup: Encodable, Sendable {
    let kind: MismatchKind
    let count: Int
    /// nil: report only (not safe to fix automatically).
    let repair: String?
    let examples: [String]

    static func groups(_ findings: Findings) -> [MismatchGroup] {
        MismatchKind.allCases.compactMap { kind in
            let found = findings.of(kind)
            guard !found.isEmpty else { return nil }
            return MismatchGroup(kind: kind, count: found.count, repair: kind.repair, examples: found.prefix(5).map(\.detail))
        }
    }
}

/// `reconcile --json`.
struct ReconcileReport: Encodable, Sendable {
    struct Check: Encodable, Sendable {
        let clean: Bool
        let checkedUsers: Int
        let inGrace: Int
        let mismatches: [MismatchGroup]

        init(_ findings: Findings) {
            clean = findings.isClean
            checkedUsers = findings.checkedUsers
            inGrace = findings.inGrace
            mismatches = MismatchGroup.groups(findings)
        }
    }

    let eventId: Int64
    let graceSeconds: Double
    /// Request messages the issuer has not consumed yet (all events), when it could be read.
    let issuerLag: Int64?
    let found: Check
    /// What `--repair` did (absent without it).
    let repairs: [RepairDone]?
    /// Re-published requests still without a final status after `--wait`.
    let unanswered: [String]?
    /// The reading after the repairs (absent without `--repair`, or when nothing was found).
    let recheck: Check?

    /// 0 when clean (or everything found was repaired and the re-check is clean), else 1.
    var isClean: Bool { recheck?.clean ?? found.clean }

    func render() -> String {
        var lines = ["reconcile event \(eventId) (grace \(Figures.duration(graceSeconds))): " + Self.summary(found)]
        if let lag = issuerLag, lag > 0 {
            lines.append("note: the issuer has \(Figures.count(lag)) requests to consume; users among them may show as releasedNotIssued (re-publishing them is harmless)")
        }
        lines += Self.table(found.mismatches)
        if let repairs {
            lines.append(repairs.isEmpty ? "repair: nothing safe to repair" : "repairs:")
            for r in repairs { lines.append("  \(r.kind.rawValue): \(r.detail)") }
        }
        if let unanswered, !unanswered.isEmpty {
            lines.append("still unanswered after --wait: \(unanswered.prefix(5).joined(separator: ", "))\(unanswered.count > 5 ? ", ..." : "")")
        }
        if let recheck {
            lines.append("re-check: " + Self.summary(recheck))
            lines += Self.table(recheck.mismatches)
        }
        return lines.joined(separator: "\n")
    }

    static func summary(_ c: Check) -> String {
        let checked = "\(Figures.count(c.checkedUsers)) users checked, \(Figures.count(c.inGrace)) within the grace period"
        if c.clean { return "clean (\(checked))" }
        let total = c.mismatches.reduce(0) { $0 + $1.count }
        return "\(total) mismatch\(total == 1 ? "" : "es") of \(c.mismatches.count) kind\(c.mismatches.count == 1 ? "" : "s") (\(checked))"
    }

    static func table(_ groups: [MismatchGroup]) -> [String] {
        guard !groups.isEmpty else { return [] }
        var table = Table("KIND", "COUNT", "REPAIR", "EXAMPLES")
        for g in groups { table.add(g.kind.rawValue, Figures.count(g.count), g.repair ?? "report only", g.examples.first ?? "") }
        var lines = table.render().split(separator: "\n").map { "  " + $0 }
        for g in groups where g.examples.count > 1 {
            lines.append("  \(g.kind.rawValue) examples:")
            lines += g.examples.map { "    - \($0)" }
        }
        return lines
    }
}
