import Foundation
import RediclaimCore
import RediclaimKafka
import RediclaimStore
import Testing

@testable import RediclaimCtl

@Suite("reconcile: mismatch finding (no servers)")
struct MismatchFinderTests {
    static let now: Int64 = 1_800_000_000_000
    static let old = Date(timeIntervalSince1970: 1_700_000_000)

    static func row(_ user: String, _ code: String, at: Date = old) -> IssuedCouponRow {
        IssuedCouponRow(userId: user, code: code, requestId: "1:\(user)", issuedAt: at, expiresAt: at.addingTimeInterval(86_400))
    }

    static func score(_ seq: Int64) -> QueueScore { QueueScore(seq: seq, secondsSinceOpen: 0) }

    /// a ISSUED with row and result, b SOLD_OUT with result: consistent.
    static func clean() -> ReconcileData {
        ReconcileData(
            eventId: 1, stock: 1, nowMs: now,
            records: ["a": .issued(score: score(1), code: "A", expiresAt: "1"), "b": .soldOut(score: score(2))], pending: [:],
            rows: ["a": row("a", "A")], issuedCount: 1, rowCount: 1,
            results: ["a": ResultSeen(issuedCodes: ["A"], latestMs: now - 60_000), "b": ResultSeen(soldOut: true, latestMs: now - 60_000)],
            deadLetters: [:], issuerLag: 0)
    }

    func kinds(_ d: ReconcileData, grace: Int64 = 30_000) -> [MismatchKind: Int] {
        MismatchFinder.find(d, graceMs: grace).mismatches.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }

    @Test("consistent data is clean")
    func clean() {
        let f = MismatchFinder.find(Self.clean(), graceMs: 30_000)
        #expect(f.isClean && f.checkedUsers == 2 && f.inGrace == 0)
    }

    @Test("released long ago without row or result: releasedNotIssued; in the DLQ: deadLettered; recent: in grace")
    func released() throws {
        var d = Self.clean()
        d.records["c"] = .released(score: Self.score(3), releasedAtMs: Self.now - 60_000)
        #expect(kinds(d) == [.releasedNotIssued: 1])
        d.pending["c"] = Self.now - 1_000
        #expect(MismatchFinder.find(d, graceMs: 30_000).mismatches.first?.detail.hasSuffix("still pending dispatch") == true)
        d.pending["c"] = nil
        d.records["c"] = .released(score: Self.score(3), releasedAtMs: Self.now - 5_000)
        #expect(kinds(d).isEmpty && MismatchFinder.find(d, graceMs: 30_000).inGrace == 1)
        #expect(kinds(d, grace: 0) == [.releasedNotIssued: 1])
        d.records["c"] = .released(score: Self.score(3), releasedAtMs: Self.now - 60_000)
        let letter = DeadLetter(
            errorCode: "rejected", error: "e", topic: "req", partition: 0, offset: 3, key: Array("1:c".utf8),
            value: Array(MessageCodec().encode(try IssueRequested(eventId: 1, userId: "c", seq: 3, releasedAt: 1))), attempts: 5)
        let message = KafkaMessage(topic: "dlq", partition: 0, offset: 7, key: nil, value: letter.encoded())
        d.deadLetters["c"] = DLQItem(message, replay: nil)
        #expect(kinds(d) == [.deadLettered: 1])
        d.deadLetters["c"] = DLQItem(
            message, replay: .init(id: DeadLetterID(partition: 0, offset: 7), requestKey: "1:c", replayedTo: "req", count: 1, replayedAt: Self.old))
        #expect(kinds(d) == [.releasedNotIssued: 1], "a replayed dead letter that did not help is plainly not issued")
    }

    @Test("a known outcome Redis does not show: statusMissing (rows and SOLD_OUT results), unless recent")
    func statusMissing() {
        var d = Self.clean()
        d.records["a"] = nil
        #expect(kinds(d) == [.statusMissing: 1])
        d.records["a"] = .released(score: Self.score(1), releasedAtMs: Self.now - 60_000)
        #expect(kinds(d) == [.statusMissing: 1])
        d.rows["a"] = Self.row("a", "A", at: Date(timeIntervalSince1970: Double(Self.now) / 1000 - 1))
        #expect(kinds(d).isEmpty, "a row from a second ago is in flight")
        var e = Self.clean()
        e.records["b"] = nil
        #expect(kinds(e) == [.statusMissing: 1])
        e.records["b"] = .released(score: Self.score(2), releasedAtMs: Self.now - 60_000)
        #expect(kinds(e) == [.statusMissing: 1])
    }

    @Test("rows without an ISSUED result, counts off, contradictions and oversell")
    func others() {
        var d = Self.clean()
        d.results["a"] = nil
        #expect(kinds(d) == [.resultMissing: 1])
        var e = Self.clean()
        e.issuedCount = 0
        #expect(kinds(e) == [.issuedCountMismatch: 1])
        var f = Self.clean()
        f.records["z"] = .issued(score: Self.score(9), code: "Z", expiresAt: "1")
        #expect(kinds(f) == [.issuedWithoutRow: 1])
        var g = Self.clean()
        g.records["a"] = .soldOut(score: Self.score(1))
        #expect(kinds(g) == [.soldOutWithRow: 1])
        var h = Self.clean()
        h.records["a"] = .issued(score: Self.score(1), code: "OTHER", expiresAt: "1")
        h.results["a"]?.issuedCodes.insert("THIRD")
        #expect(kinds(h) == [.codeMismatch: 2])
        var i = Self.clean()
        i.rowCount = 2
        i.issuedCount = 2
        #expect(kinds(i) == [.oversold: 1])
        #expect(MismatchKind.allCases.filter { $0.repair == nil } == [.issuedWithoutRow, .soldOutWithRow, .codeMismatch, .oversold])
    }

    @Test("durations: 500ms, 30s, 2m, 1h, bare seconds; anything else is refused")
    func durations() throws {
        #expect(try ReconcileCommand.duration("500ms", "--grace") == 500)
        #expect(try ReconcileCommand.duration("30s", "--grace") == 30_000)
        #expect(try ReconcileCommand.duration("2m", "--grace") == 120_000)
        #expect(try ReconcileCommand.duration("1h", "--grace") == 3_600_000)
        #expect(try ReconcileCommand.duration("0", "--grace") == 0)
        for bad in ["soon", "-1s", "", "5x"] { #expect(throws: (any Error).self) { try ReconcileCommand.duration(bad, "--grace") } }
    }
}
