import Foundation
import RediclaimCore
import RediclaimRedis
import RediclaimStore
import TestSupport
import Testing

/// A waiting room in a private key namespace on the shared Redis.
struct RoomFixture {
    let redis = TestServers.redis()
    let namespace = TestServers.redisNamespace()
    var room: WaitingRoom { WaitingRoom(redis: redis, namespace: namespace) }
    var runtime: EventRuntimeStore { EventRuntimeStore(redis: redis, namespace: namespace) }

    func publish(
        id: Int64 = 1001, stock: Int64 = 100, rate: Int = 1_000, openIn: TimeInterval = -60, closeIn: TimeInterval = 3_600,
        paused: Bool = false, closed: Bool = false, issued: Int64 = 0, version: Int64 = 1
    ) async throws {
        let now = Date()
        let event = try Event(
            id: id, name: "test", stock: stock, openAt: now.addingTimeInterval(openIn), closeAt: now.addingTimeInterval(closeIn),
            releaseRate: rate, coupon: try CouponPolicy(discount: .fixed(amount: 100), validDays: 1))
        try await runtime.publish(
            EventRecord(event: event, paused: paused, closed: closed, issuedCount: issued, version: version), fresh: true)
    }

    /// Ticks until `count` users are out (the bucket starts empty at the first tick).
    @discardableResult
    func releaseAll(_ count: Int, eventId: Int64 = 1001) async throws -> [String] {
        var released: [String] = []
        for _ in 0..<100 where released.count < count {
            released += try await room.release(eventId: eventId, tickMs: 100, maxBatch: 1_000).released.map(\.userId)
            try await Task.sleep(for: .milliseconds(20))
        }
        return released
    }

    func cleanup() async {
        await TestServers.deleteKeys(namespace: namespace, on: redis)
        await redis.shutdown()
    }
}

@Suite("Waiting room scripts (Redis)", .timeLimit(.minutes(2)))
struct WaitingRoomTests {
    @Test("enqueue gives ranks 1, 2, 3 in arrival order; a repeat keeps its place and score")
    func fifoAndIdempotent() async throws {
        let f = RoomFixture()
        try await f.publish()
        var scores: [QueueScore] = []
        for (i, user) in ["a", "b", "c"].enumerated() {
            guard case .waiting(let score, let rank, let waiting, let isNew, _) = try await f.room.enqueue(eventId: 1001, userId: user)
            else { Issue.record("not waiting"); return }
            #expect(rank == i + 1)
            #expect(waiting == i + 1)
            #expect(isNew)
            #expect(score.seq == Int64(i + 1))
            scores.append(score)
        }
        #expect(try await f.room.enqueue(eventId: 1001, userId: "b") == .waiting(score: scores[1], rank: 2, waiting: 3, isNew: false))
        #expect(try await f.room.rank(eventId: 1001, userId: "c") == .waiting(score: scores[2], rank: 3, waiting: 3, state: .open))
        #expect(try await f.room.rank(eventId: 1001, userId: "zz") == .absent(state: .open))
        #expect(try await f.room.enqueue(eventId: 999, userId: "a") == .eventNotFound)
        await f.cleanup()
    }

    @Test("1,000 concurrent enqueues get distinct sequence numbers and ranks that match them")
    func concurrentEnqueues() async throws {
        let f = RoomFixture()
        try await f.publish()
        let outcomes = try await withThrowingTaskGroup(of: (String, EnqueueOutcome).self) { group in
            for i in 0..<1_000 { group.addTask { ("u\(i)", try await f.room.enqueue(eventId: 1001, userId: "u\(i)")) } }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        var bySeq: [Int64: String] = [:]
        for (user, outcome) in outcomes {
            guard case .waiting(let score, _, _, true, _) = outcome else { Issue.record("\(user): \(outcome)"); continue }
            bySeq[score.seq] = user
        }
        #expect(bySeq.keys.sorted() == Array(1...1_000))
        for (seq, user) in bySeq where seq % 97 == 0 {
            guard case .waiting(_, let rank, _, _, _) = try await f.room.rank(eventId: 1001, userId: user) else { continue }
            #expect(rank == Int(seq))
        }
        await f.cleanup()
    }

    @Test("states refuse enqueues with the right reason; PAUSED still accepts", arguments: [
        ("scheduled", EventState.scheduled), ("closedFlag", .closed), ("closedByTime", .closed), ("soldOut", .soldOut),
    ])
    func refusals(case name: String, state: EventState) async throws {
        let f = RoomFixture()
        switch name {
        case "scheduled": try await f.publish(openIn: 60)
        case "closedFlag": try await f.publish(closed: true)
        case "closedByTime": try await f.publish(openIn: -120, closeIn: -60)
        default: try await f.publish(stock: 5, issued: 5)
        }
        #expect(try await f.room.enqueue(eventId: 1001, userId: "a") == .refused(state))
        await f.cleanup()
    }

    @Test("a paused event queues users but releases nobody")
    func paused() async throws {
        let f = RoomFixture()
        try await f.publish(paused: true)
        guard case .waiting = try await f.room.enqueue(eventId: 1001, userId: "a") else { Issue.record("refused"); return }
        try await Task.sleep(for: .milliseconds(150))
        let outcome = try await f.room.release(eventId: 1001, tickMs: 100, maxBatch: 100)
        #expect(outcome.state == .paused)
        #expect(outcome.released.isEmpty)
        await f.cleanup()
    }

    @Test("release lets users out in FIFO order, bounded by one tick of the rate, and records them")
    func releaseOrderAndBound() async throws {
        let f = RoomFixture()
        try await f.publish(rate: 100)
        for i in 0..<50 { _ = try await f.room.enqueue(eventId: 1001, userId: "u\(i)") }
        _ = try await f.room.release(eventId: 1001, tickMs: 100, maxBatch: 1_000)  // starts the bucket
        try await Task.sleep(for: .milliseconds(500))
        let out = try await f.room.release(eventId: 1001, tickMs: 100, maxBatch: 1_000)
        // 100/s x a 100 ms tick: the bucket holds at most 10 however long it has been.
        #expect(out.released.count == 10)
        #expect(out.released.map(\.userId) == (0..<10).map { "u\($0)" })
        guard case .left(.released, .open, _) = try await f.room.rank(eventId: 1001, userId: "u0") else {
            Issue.record("u0 not released"); return
        }
        guard case .waiting(_, 1, 40, .open, _) = try await f.room.rank(eventId: 1001, userId: "u10") else {
            Issue.record("u10 should now be first of 40"); return
        }
        let counters = try await f.runtime.counters(1001)
        #expect(counters.released == 10)
        #expect(counters.pending == 10)
        #expect(counters.waiting == 40)
        await f.cleanup()
    }

    @Test("the budget ends at stock: SOLD_OUT, the queue is freed (its users end SOLD_OUT), latecomers are refused")
    func soldOut() async throws {
        let f = RoomFixture()
        try await f.publish(stock: 3, rate: 1_000)
        for i in 0..<5 { _ = try await f.room.enqueue(eventId: 1001, userId: "u\(i)") }
        #expect(try await f.releaseAll(3) == ["u0", "u1", "u2"])
        #expect(try await f.room.release(eventId: 1001, tickMs: 100, maxBatch: 1_000).state == .soldOut)
        guard case .left(.soldOut, .soldOut, _) = try await f.room.rank(eventId: 1001, userId: "u4") else {
            Issue.record("u4 is not SOLD_OUT")
            return
        }
        #expect(try await f.room.enqueue(eventId: 1001, userId: "late") == .refused(.soldOut))
        #expect(try await f.runtime.counters(1001).waiting == 0)
        // A reopened event (stock raised) never brings them back: their wait ended SOLD_OUT.
        try await f.publish(stock: 10, rate: 1_000, version: 2)
        guard case .left(.soldOut, _)? = try? await f.room.enqueue(eventId: 1001, userId: "u3") else {
            Issue.record("u3 came back after the reopen")
            return
        }
        await f.cleanup()
    }

    @Test("stale pending entries are claimed once, then acknowledged away")
    func pendingClaims() async throws {
        let f = RoomFixture()
        try await f.publish(rate: 1_000)
        for i in 0..<3 { _ = try await f.room.enqueue(eventId: 1001, userId: "u\(i)") }
        try await f.releaseAll(3)
        try await Task.sleep(for: .milliseconds(30))
        let claimed = try await f.room.claimPending(eventId: 1001, olderThanMs: 10, limit: 100)
        #expect(Set(claimed.map(\.userId)) == ["u0", "u1", "u2"])
        #expect(try await f.room.claimPending(eventId: 1001, olderThanMs: 10_000, limit: 100).isEmpty)
        try await f.room.acknowledge(eventId: 1001, userIds: ["u0", "u1", "u2"])
        #expect(try await f.runtime.counters(1001).pending == 0)
        await f.cleanup()
    }

    @Test("results set final statuses once; replays and contradictions change nothing")
    func results() async throws {
        let f = RoomFixture()
        try await f.publish(rate: 1_000)
        for i in 0..<2 { _ = try await f.room.enqueue(eventId: 1001, userId: "u\(i)") }
        try await f.releaseAll(2)
        let issued = try IssueResult.issued(
            requestId: "1001:u0", eventId: 1001, userId: "u0", couponCode: "CODE", expiresAt: 1_800_000_000_000, issuedAt: nil)
        let soldOut = try IssueResult.soldOut(requestId: "1001:u1", eventId: 1001, userId: "u1")
        #expect(try await f.room.record([issued, soldOut]) == 2)
        #expect(try await f.room.record([issued, soldOut]) == 0)
        let flipped = try IssueResult.soldOut(requestId: "1001:u0", eventId: 1001, userId: "u0")
        #expect(try await f.room.record([flipped]) == 0)
        guard case .left(.issued(_, "CODE", "1800000000000"), _, _) = try await f.room.rank(eventId: 1001, userId: "u0") else {
            Issue.record("u0 not ISSUED"); return
        }
        let counters = try await f.runtime.counters(1001)
        #expect(counters.issued == 1)
        #expect(counters.soldOut == 1)
        #expect(counters.pending == 0)
        await f.cleanup()
    }

    @Test("re-publishing the definition keeps counters; released never drops below MySQL's issued count")
    func republishKeepsCounters() async throws {
        let f = RoomFixture()
        try await f.publish(stock: 100, rate: 1_000)
        for i in 0..<3 { _ = try await f.room.enqueue(eventId: 1001, userId: "u\(i)") }
        try await f.publish(stock: 100, rate: 500, issued: 0)
        #expect(try await f.runtime.counters(1001).lastSeq == 3)
        #expect(try await f.runtime.definition(1001)?.releaseRate == 500)
        try await f.publish(stock: 100, rate: 500, issued: 40)
        #expect(try await f.runtime.counters(1001).released == 40)
        #expect(try await f.runtime.eventIds() == [1001])
        await f.cleanup()
    }
}
