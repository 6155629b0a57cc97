import Foundation
import RediclaimCore
import RediclaimStore
import Testing

@testable import RediclaimCtl

@Suite("Invariant checks I1-I8")
struct InvariantCheckerTests {
    static func score(_ seq: Int64) -> QueueScore { QueueScore(seq: seq, secondsSinceOpen: 0) }

    /// Three users released 100 ms apart at 10/s; u1 and u2 issued, u3 sold out.
    static func clean() throws -> AuditData {
        let log = (1...3).map { ReleaseLogEntry(score: score(Int64($0)), userId: "u\($0)", releasedAtMs: 1_000 + Int64($0) * 100) }
        return AuditData(
            eventId: 1, stock: 2, releaseRate: 10, tickMs: 100, issuedCount: 2,
            rows: [.init(userId: "u1", code: "C1"), .init(userId: "u2", code: "C2")],
            records: [
                "u1": .issued(score: score(1), code: "C1", expiresAt: "1"), "u2": .issued(score: score(2), code: "C2", expiresAt: "1"),
                "u3": .soldOut(score: score(3)),
            ],
            releaseLog: log,
            results: [
                try .issued(requestId: "1:u1", eventId: 1, userId: "u1", couponCode: "C1", expiresAt: 1, issuedAt: nil),
                try .issued(requestId: "1:u2", eventId: 1, userId: "u2", couponCode: "C2", expiresAt: 1, issuedAt: nil),
                try .soldOut(requestId: "1:u3", eventId: 1, userId: "u3"),
            ])
    }

    func failed(_ d: AuditData) -> [String] { InvariantChecker.check(d).filter { !$0.passed }.map(\.id) }

    @Test("a consistent event passes all eight")
    func passes() throws {
        #expect(failed(try Self.clean()).isEmpty)
    }

    @Test("oversell fails I1")
    func oversell() throws {
        var d = try Self.clean()
        d.stock = 1
        #expect(failed(d).contains("I1"))
    }

    @Test("a user twice or a code twice fails I2")
    func duplicates() throws {
        var d = try Self.clean()
        d.rows.append(.init(userId: "u1", code: "C9"))
        #expect(failed(d).contains("I2"))
        var e = try Self.clean()
        e.rows[1] = .init(userId: "u2", code: "C1")
        #expect(failed(e).contains("I2"))
    }

    @Test("ISSUED without a row, a row without ISSUED, or a different code fail I3")
    func issuedMatchesRows() throws {
        var d = try Self.clean()
        d.rows.removeLast()
        #expect(failed(d).contains("I3"))
        var e = try Self.clean()
        e.records["u2"] = .released(score: Self.score(2), releasedAtMs: 1)
        #expect(failed(e).contains("I3"))
        var f = try Self.clean()
        f.records["u1"] = .issued(score: Self.score(1), code: "WRONG", expiresAt: "1")
        #expect(failed(f).contains("I3"))
        var g = try Self.clean()
        g.results?.removeFirst()
        #expect(failed(g).contains("I3"))
    }

    @Test("a released user without a final status or result fails I4")
    func lostUser() throws {
        var d = try Self.clean()
        d.records["u3"] = nil
        #expect(failed(d).contains("I4"))
        var e = try Self.clean()
        e.results?.removeLast()
        #expect(failed(e).contains("I4"))
        var f = try Self.clean()
        f.results = nil
        #expect(failed(f).isEmpty, "without Kafka only Redis and MySQL are compared")
    }

    @Test("a later sequence released before an earlier one fails I5")
    func order() throws {
        var d = try Self.clean()
        d.releaseLog[1] = ReleaseLogEntry(score: Self.score(2), userId: "u2", releasedAtMs: 1_050)
        #expect(failed(d).contains("I5"))
    }

    @Test("more than rate + one tick in a second fails I6; exactly that many passes")
    func rate() throws {
        var d = try Self.clean()
        d.releaseLog = (1...11).map { ReleaseLogEntry(score: Self.score(Int64($0)), userId: "x\($0)", releasedAtMs: 5_000) }
        #expect(!failed(d).contains("I6"), "10/s plus one 100 ms tick (1) = 11")
        d.releaseLog.append(ReleaseLogEntry(score: Self.score(12), userId: "x12", releasedAtMs: 5_999))
        #expect(failed(d).contains("I6"))
        d.releaseLog[11] = ReleaseLogEntry(score: Self.score(12), userId: "x12", releasedAtMs: 6_000)
        #expect(!failed(d).contains("I6"), "the next second starts a new window")
    }

    static func request(_ user: String, seq: Int64, at: Int64, epoch: Int?) throws -> IssueRequested {
        try IssueRequested(eventId: 1, userId: user, seq: seq, releasedAt: at, epoch: epoch)
    }

    static func change(_ version: Int64, atMs: Int64, rate: Int) -> EventChange {
        EventChange(
            version: version, changedAt: Date(timeIntervalSince1970: Double(atMs) / 1000), releaseRate: rate, paused: false,
            closed: false, stock: 2, source: "test")
    }

    @Test("after a Redis loss the request topic still shows the earlier releases; sequences restart per epoch and pass I5")
    func epochs() throws {
        var d = try Self.clean()
        // Redis lost u1's release (epoch 0); the new lifetime numbers its queue from 1 again.
        d.releaseLog = [
            ReleaseLogEntry(score: Self.score(1), userId: "u2", releasedAtMs: 2_000, epoch: 1),
            ReleaseLogEntry(score: Self.score(2), userId: "u3", releasedAtMs: 2_100, epoch: 1),
        ]
        d.requests = [
            try Self.request("u1", seq: 7, at: 1_100, epoch: 0), try Self.request("u2", seq: 1, at: 2_000, epoch: 1),
            try Self.request("u3", seq: 2, at: 2_100, epoch: 1),
        ]
        #expect(failed(d).isEmpty)
        #expect(d.releases.map(\.userId) == ["u1", "u2", "u3"])
        d.requests?.append(try Self.request("u4", seq: 1, at: 2_200, epoch: 1))
        d.records["u4"] = .soldOut(score: Self.score(1))
        d.results?.append(try .soldOut(requestId: "1:u4", eventId: 1, userId: "u4"))
        #expect(failed(d) == ["I5"], "seq 1 after seq 2 within one epoch")
    }

    @Test("a re-published request is the same release; a second release of a user fails I8")
    func releasedTwice() throws {
        var d = try Self.clean()
        d.requests = d.releaseLog.map { try! Self.request($0.userId, seq: $0.score.seq, at: $0.releasedAtMs, epoch: 0) }
        d.requests?.append(try Self.request("u1", seq: 1, at: 1_100, epoch: 1))
        #expect(failed(d).isEmpty, "same user and release time: one release")
        d.requests?.append(try Self.request("u1", seq: 9, at: 9_000, epoch: 1))
        #expect(failed(d).contains("I8"))
    }

    @Test("two different final answers for one user fail I8")
    func contradictoryFinals() throws {
        var d = try Self.clean()
        d.results?.append(try .soldOut(requestId: "1:u1", eventId: 1, userId: "u1"))
        #expect(failed(d).contains("I8"))
        var e = try Self.clean()
        e.outcomes["u2"] = .soldOut
        #expect(failed(e).contains("I8"))
    }

    @Test("SOLD_OUT told with stock left fails I7, unless the event was closed")
    func undersell() throws {
        var d = try Self.clean()
        d.stock = 3
        #expect(failed(d).contains("I7"))
        d.closed = true
        #expect(!failed(d).contains("I7"))
        var e = try Self.clean()
        e.stock = 3
        e.rows.removeLast()
        e.records["u2"] = .released(score: Self.score(2), releasedAtMs: 1_200)
        e.outcomes["u2"] = .deadLettered
        e.results?.remove(at: 1)
        #expect(failed(e).contains("I7"), "2 of 3 spent (1 row, 1 dead-lettered)")
        e.stock = 2
        #expect(failed(e) == ["I4"], "a dead-lettered user counts as spent, and I4 points at the DLQ")
    }

    @Test("I6 judges each second by the rate in force then, and the higher one across a change")
    func rateChanges() throws {
        var d = try Self.clean()
        d.releaseRate = 10
        d.changes = [Self.change(1, atMs: 0, rate: 100), Self.change(2, atMs: 10_000, rate: 10)]
        // 100/s with 100 ms ticks: 110 per second allowed before the change, 11 after it.
        d.releaseLog = (1...110).map { ReleaseLogEntry(score: Self.score(Int64($0)), userId: "x\($0)", releasedAtMs: 5_000) }
        #expect(!failed(d).contains("I6"))
        d.releaseLog += (111...122).map { ReleaseLogEntry(score: Self.score(Int64($0)), userId: "x\($0)", releasedAtMs: 12_000) }
        #expect(failed(d).contains("I6"), "12 in a second at 10/s")
        d.releaseLog.removeLast()
        #expect(!failed(d).contains("I6"))
        d.releaseLog += (200...215).map { ReleaseLogEntry(score: Self.score(Int64($0)), userId: "y\($0)", releasedAtMs: 9_500) }
        #expect(!failed(d).contains("I6"), "the second from 9.5 s straddles the change: 100/s applies")
    }
}
