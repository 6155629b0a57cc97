import RediclaimCore
import RediclaimStore
import Testing

@testable import RediclaimCtl

@Suite("Invariant checks I1-I6")
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

    @Test("a consistent event passes all six")
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

    @Test("releases out of sequence order fail I5")
    func order() throws {
        var d = try Self.clean()
        d.releaseLog.swapAt(0, 1)
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
}
