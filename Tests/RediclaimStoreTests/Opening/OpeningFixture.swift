import Foundation
import RediclaimCore
import RediclaimRedis
import TestSupport

@testable import RediclaimStore

/// An event with a pre-queue window in a private namespace, and the moves a test needs: fill the
/// pre-queue, open the event (its Redis `openAt` moved to the past, so no test waits for a clock), place.
struct OpeningFixture {
    let room: RoomFixture
    let seed: ShuffleSeed
    let id: Int64

    init(id: Int64 = 1001, seed: ShuffleSeed = .random()) {
        room = RoomFixture()
        self.seed = seed
        self.id = id
    }

    var waiting: WaitingRoom { room.room }
    var keys: RedisKeys { waiting.keys(id) }

    /// Publishes the event: the open `openIn` seconds ahead, the window `preQueue` seconds before it.
    func publish(stock: Int64 = 1_000_000, rate: Int = 1_000_000, openIn: TimeInterval = 600, preQueue: Int = 3_600) async throws {
        let now = Date()
        let event = try Event(
            id: id, name: "opening", stock: stock, openAt: now.addingTimeInterval(openIn), closeAt: now.addingTimeInterval(openIn + 3_600),
            releaseRate: rate, coupon: try CouponPolicy(discount: .fixed(amount: 100), validDays: 1), preQueueSeconds: preQueue)
        try await room.runtime.publish(EventRecord(event: event, shuffleSeed: seed), fresh: true)
    }

    /// The open as Redis sees it: `openAt` one second ago.
    func open() async throws {
        let nowMs = try await waiting.serverTimeMs()
        _ = try await room.redis.send("HSET", keys.definition, "openAt", nowMs - 1_000)
    }

    func enqueue(_ users: [String]) async throws -> [EnqueueOutcome] {
        var out: [EnqueueOutcome] = []
        for user in users { out.append(try await waiting.enqueue(eventId: id, userId: user)) }
        return out
    }

    /// The queue from the head, as user ids.
    func queue() async throws -> [String] {
        (try await room.redis.send("ZRANGE", keys.queue, 0, -1).array ?? []).compactMap(\.string)
    }

    /// Releases everyone (the rate is huge) and returns the release order.
    func releaseAll() async throws -> [String] {
        var released: [String] = []
        for _ in 0..<200 {
            let outcome = try await waiting.release(eventId: id, tickMs: 1_000, maxBatch: 5_000)
            released += outcome.released.map(\.userId)
            if outcome.released.isEmpty, !outcome.needsShuffle, try await room.redis.send("ZCARD", keys.queue).int == 0 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        return released
    }
}
