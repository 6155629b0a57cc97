import RediclaimCore
import RediclaimStore
import Testing

@testable import RediclaimCtl

@Suite("Verifying an opening: the cohort in its seeded order (I5, verify-shuffle)")
struct CohortAuditTests {
    static let seed = ShuffleSeed(bytes: Array(repeating: 7, count: 32))
    static let cohort = (0..<8).map { "c\($0)" }

    /// The cohort released in its seeded order (positions 1...8), then two later arrivals.
    static func log() -> [ReleaseLogEntry] {
        let ordered = ShuffleOrder.order(seed: seed, users: cohort)
        var log = ordered.enumerated().map { ReleaseLogEntry(score: QueueScore(seq: Int64($0.offset + 1), secondsSinceOpen: 0), userId: $0.element, releasedAtMs: 1_000) }
        log += [9, 10].map { ReleaseLogEntry(score: QueueScore(seq: $0, secondsSinceOpen: 3), userId: "late\($0)", releasedAtMs: 2_000) }
        return log
    }

    var audit: CohortAudit { CohortAudit(seed: Self.seed, publishedCommitment: Self.seed.commitment, cohort: 8) }

    @Test("a faithful opening has no problems")
    func faithful() { #expect(audit.problems(Self.log()).isEmpty) }

    @Test("two cohort members swapped (positions and release order) is caught")
    func swapped() {
        var log = Self.log()
        let (a, b) = (log[2], log[3])
        log[2] = ReleaseLogEntry(score: a.score, userId: b.userId, releasedAtMs: a.releasedAtMs)
        log[3] = ReleaseLogEntry(score: b.score, userId: a.userId, releasedAtMs: b.releasedAtMs)
        #expect(!audit.problems(log).isEmpty)
    }

    @Test("a later arrival released before a cohort member is caught")
    func lateFirst() {
        var log = Self.log()
        log.swapAt(7, 8)
        #expect(audit.problems(log).contains { $0.contains("arrived after the open") })
    }

    @Test("a commitment that is not the seed's hash is caught, and so is a cohort without a seed")
    func commitment() {
        var wrong = audit
        wrong.publishedCommitment = ShuffleSeed(bytes: Array(repeating: 8, count: 32)).commitment
        #expect(wrong.problems(Self.log()).contains { $0.contains("commitment") })
        wrong = audit
        wrong.seed = nil
        #expect(!wrong.problems(Self.log()).isEmpty)
    }

    @Test("a fully released cohort must hold exactly positions 1...cohort")
    func positions() {
        var log = Self.log()
        log[7] = ReleaseLogEntry(score: QueueScore(seq: 7, secondsSinceOpen: 0), userId: log[7].userId, releasedAtMs: 1_000)
        #expect(!audit.problems(log).isEmpty)
    }

    @Test("I5 fails for a shuffled-wrong cohort even though every score rises, and passes for the right one")
    func invariant() throws {
        var d = try InvariantCheckerTests.clean()
        d.cohort = CohortAudit(seed: Self.seed, publishedCommitment: nil, cohort: 3)
        let right = ShuffleOrder.order(seed: Self.seed, users: ["u1", "u2", "u3"])
        d.releaseLog = right.enumerated().map { ReleaseLogEntry(score: InvariantCheckerTests.score(Int64($0.offset + 1)), userId: $0.element, releasedAtMs: 1_000 + Int64($0.offset) * 100) }
        #expect(InvariantChecker.i5(d).passed)
        #expect(InvariantChecker.check(d).first { $0.id == "I5" }?.passed == true)
        d.releaseLog = right.reversed().enumerated().map { ReleaseLogEntry(score: InvariantCheckerTests.score(Int64($0.offset + 1)), userId: $0.element, releasedAtMs: 1_000 + Int64($0.offset) * 100) }
        #expect(InvariantChecker.i5(d).passed)  // scores rise: plain FIFO cannot tell
        #expect(InvariantChecker.check(d).first { $0.id == "I5" }?.passed == false)
    }
}
