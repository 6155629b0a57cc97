import Foundation
import RediclaimCore
import RediclaimStore
import TestSupport
import Testing

@Suite("Waiting room reads for audits (Redis)", .timeLimit(.minutes(1)))
struct WaitingRoomAuditTests {
    @Test("records of some users, pending dispatch with claim times, Redis server time")
    func reads() async throws {
        let f = RoomFixture()
        try await f.publish()
        for user in ["a", "b", "c"] { _ = try await f.room.enqueue(eventId: 1001, userId: user) }
        let before = try await f.room.serverTimeMs()
        #expect(abs(before - Timestamps.epochMillis(Date())) < 60_000)
        try await f.releaseAll(3)
        try await f.room.acknowledge(eventId: 1001, userIds: ["a"])
        let pending = try await f.room.pendingDispatch(eventId: 1001)
        #expect(Set(pending.keys) == ["b", "c"])
        #expect(try #require(pending["b"]) >= before)
        _ = try await f.room.enqueue(eventId: 1001, userId: "d")
        let records = try await f.room.records(eventId: 1001, userIds: ["a", "b", "c", "d", "nobody"])
        #expect(Set(records.keys) == ["a", "b", "c"], "d is waiting, nobody is unknown")
        guard case .released(let score, _) = records["a"] else { Issue.record("a is not RELEASED"); return }
        #expect(score.seq == 1)
        #expect(try await f.room.records(eventId: 1001, userIds: []).isEmpty)
        await f.cleanup()
    }
}
