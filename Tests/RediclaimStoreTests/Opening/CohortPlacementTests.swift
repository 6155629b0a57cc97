import Foundation
import RediclaimCore
import RediclaimRedis
import TestSupport
import Testing

@testable import RediclaimStore

@Suite("Pre-queue and the opening shuffle (Redis)", .timeLimit(.minutes(2)))
struct CohortPlacementTests {
    @Test("before the window: refused; in it: PRE_QUEUE with the time to the open, idempotent, no rank")
    func preQueue() async throws {
        let f = OpeningFixture()
        defer { Task { await f.room.cleanup() } }
        try await f.publish(openIn: 600, preQueue: 60)
        #expect(try await f.waiting.enqueue(eventId: f.id, userId: "early") == .refused(.scheduled))
        try await f.publish(openIn: 30, preQueue: 60)
        guard case .preQueued(let opensIn, 1, true) = try await f.waiting.enqueue(eventId: f.id, userId: "a") else {
            Issue.record("not pre-queued"); return
        }
        #expect((20_000...30_000).contains(opensIn))  // loose: a loaded machine may take seconds between publish and enqueue
        guard case .preQueued(_, 1, false) = try await f.waiting.enqueue(eventId: f.id, userId: "a") else { Issue.record("repeat"); return }
        guard case .preQueued(_, 1, .scheduled) = try await f.waiting.rank(eventId: f.id, userId: "a") else { Issue.record("rank"); return }
        #expect(try await f.waiting.rank(eventId: f.id, userId: "b") == .absent(state: .scheduled))
    }

    @Test("nothing is released at the open until the cohort is placed, then the cohort in the seeded order and later arrivals behind it, FIFO")
    func seededOrderThenFIFO() async throws {
        let f = OpeningFixture()
        defer { Task { await f.room.cleanup() } }
        try await f.publish()
        let cohort = (0..<300).map { "c\($0)" }
        _ = try await f.enqueue(cohort)
        try await f.open()
        let release = try await f.waiting.release(eventId: f.id, tickMs: 1_000, maxBatch: 5_000)
        #expect(release.needsShuffle && release.released.isEmpty)
        // Arrivals after the open, before the placement: already behind the whole cohort.
        let late = (0..<20).map { "l\($0)" }
        for (i, outcome) in try await f.enqueue(late).enumerated() {
            guard case .waiting(_, let rank, _, true, _) = outcome else { Issue.record("\(outcome)"); return }
            #expect(rank == cohort.count + i + 1)
        }
        let report = try #require(try await f.waiting.placeCohort(eventId: f.id, seed: f.seed, token: "g1", chunkSize: 64))
        #expect(report.cohort == 300 && report.placed == 300 && report.chunks == 5)
        let expected = ShuffleOrder.order(seed: f.seed, users: cohort)
        #expect(expected != cohort)
        #expect(try await f.queue() == expected + late)
        // Ranks after the placement: the seeded position; a rank only goes down from the late arrivals' first answer.
        guard case .waiting(let score, let rank, _, _, 300) = try await f.waiting.rank(eventId: f.id, userId: expected[41]) else {
            Issue.record("rank"); return
        }
        #expect(rank == 42 && score.seq == 42)
        guard case .waiting(_, let lateRank, _, _, _) = try await f.waiting.rank(eventId: f.id, userId: "l0") else { Issue.record("l0"); return }
        #expect(lateRank == 301)
        #expect(try await f.releaseAll() == expected + late)
    }

    @Test("several gates at once: one places the cohort, the others find it busy or done; nobody places it twice")
    func oneShuffle() async throws {
        let f = OpeningFixture()
        defer { Task { await f.room.cleanup() } }
        try await f.publish()
        let cohort = (0..<2_000).map { "u\($0)" }
        _ = try await f.enqueue(cohort)
        try await f.open()
        let reports = try await withThrowingTaskGroup(of: PlacementReport?.self) { group in
            for gate in 0..<4 {
                group.addTask { try await f.waiting.placeCohort(eventId: f.id, seed: f.seed, token: "gate-\(gate)", chunkSize: 100) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(reports.compactMap { $0 }.count == 1)
        #expect(reports.compactMap { $0 }.first?.placed == 2_000)
        #expect(try await f.waiting.placeCohort(eventId: f.id, seed: f.seed, token: "late", chunkSize: 100) == nil)
        #expect(try await f.queue() == ShuffleOrder.order(seed: f.seed, users: cohort))
        #expect(try await f.room.redis.send("ZCARD", f.keys.preQueue).int == 0)
    }

    @Test("a gate that dies mid-placement: its lock expires, another resumes at the next position, same order, nobody twice")
    func resumeAfterCrash() async throws {
        let f = OpeningFixture()
        defer { Task { await f.room.cleanup() } }
        try await f.publish()
        let cohort = (0..<500).map { "u\($0)" }
        _ = try await f.enqueue(cohort)
        try await f.open()
        let order = ShuffleOrder.order(seed: f.seed, users: cohort)
        // The first gate freezes the cohort, places 150 users, and dies holding a short lock.
        guard case .place(500, 0) = try await f.room.redis.run(BeginShuffleScript(f.keys, token: "dead", lockMs: 300)) else {
            Issue.record("begin"); return
        }
        #expect(try await f.room.redis.run(PlaceCohortScript(f.keys, token: "dead", lockMs: 300, firstPosition: 1, users: order[0..<150])) == 350)
        #expect(try await f.waiting.placeCohort(eventId: f.id, seed: f.seed, token: "other") == nil)  // still locked
        #expect(try await f.waiting.release(eventId: f.id, tickMs: 1_000, maxBatch: 5_000).needsShuffle)
        try await Task.sleep(for: .milliseconds(400))
        let report = try #require(try await f.waiting.placeCohort(eventId: f.id, seed: f.seed, token: "other", chunkSize: 100))
        #expect(report.placed == 350 && report.cohort == 500)
        // The dead gate's lock is gone: a late chunk of it changes nothing.
        #expect(try await f.room.redis.run(PlaceCohortScript(f.keys, token: "dead", lockMs: 300, firstPosition: 1, users: order[0..<10])) == nil)
        #expect(try await f.queue() == order)
        let scores = (try await f.room.redis.send("ZRANGE", f.keys.queue, 0, -1, "WITHSCORES").array ?? []).enumerated()
            .filter { $0.offset % 2 == 1 }.compactMap { $0.element.string.flatMap(QueueScore.init)?.seq }
        #expect(scores == (1...500).map(Int64.init))
    }

    @Test("an empty pre-queue opens at once; a cohort without a seed keeps its arrival order")
    func emptyAndSeedless() async throws {
        let f = OpeningFixture()
        defer { Task { await f.room.cleanup() } }
        try await f.publish()
        try await f.open()
        #expect(try await f.waiting.placeCohort(eventId: f.id, seed: f.seed, token: "g") == nil)
        #expect(try await f.waiting.release(eventId: f.id, tickMs: 1_000, maxBatch: 10).needsShuffle == false)

        let g = OpeningFixture(id: 1002)
        defer { Task { await g.room.cleanup() } }
        try await g.publish()
        _ = try await g.enqueue(["x", "y", "z"])
        try await g.open()
        #expect(try await g.waiting.placeCohort(eventId: g.id, seed: nil, token: "g")?.placed == 3)
        #expect(try await g.queue() == ["x", "y", "z"])
    }

    @Test("closed before the open: the pre-queue ends SOLD_OUT, never placed")
    func closedBeforeOpen() async throws {
        let f = OpeningFixture()
        defer { Task { await f.room.cleanup() } }
        try await f.publish()
        _ = try await f.enqueue(["a", "b"])
        _ = try await f.room.redis.send("HSET", f.keys.definition, "closed", "1")
        guard case .left(.soldOut, .closed, _) = try await f.waiting.rank(eventId: f.id, userId: "a") else { Issue.record("a"); return }
        _ = try await f.waiting.release(eventId: f.id, tickMs: 100, maxBatch: 10)
        #expect(try await f.waiting.records(eventId: f.id, userIds: ["b"])["b"] == .soldOut(score: QueueScore(raw: 0)))
        #expect(try await f.room.redis.send("ZCARD", f.keys.preQueue).int == 0)
    }

    @Test("Redis loses the pre-queue before the open: the user is not in the queue, enqueues again into the pre-queue, and the commitment is the same")
    func lossBeforeOpen() async throws {
        let f = OpeningFixture()
        defer { Task { await f.room.cleanup() } }
        try await f.publish()
        _ = try await f.enqueue(["a"])
        let before = try #require(try await f.room.runtime.definition(f.id)?.seed?.commitment)
        var del = RedisCommand("DEL")
        for key in f.keys.all { del.append(key) }
        _ = try await f.room.redis.send(del)
        // What a rebuild does: the definition again from MySQL's record, seed included.
        try await f.publish()
        #expect(try await f.waiting.rank(eventId: f.id, userId: "a") == .absent(state: .scheduled))
        guard case .preQueued(_, 1, true) = try await f.waiting.enqueue(eventId: f.id, userId: "a") else { Issue.record("again"); return }
        #expect(try await f.room.runtime.definition(f.id)?.seed?.commitment == before)
        #expect(before == f.seed.commitment)
    }
}
