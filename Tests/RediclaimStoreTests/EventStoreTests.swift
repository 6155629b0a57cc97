import Foundation
import RediclaimCore
import RediclaimStore
import TestSupport
import Testing

func sampleEvent(id: Int64 = 1001, stock: Int64 = 100, rate: Int = 50, name: String = "Sale") throws -> Event {
    try Event(
        id: id, name: name, stock: stock, openAt: Date(timeIntervalSince1970: 1_700_000_000),
        closeAt: Date(timeIntervalSince1970: 1_900_000_000), releaseRate: rate,
        coupon: try CouponPolicy(discount: .percent(10, maxDiscount: 5_000), minOrderAmount: 1_000, validDays: 7))
}

@Suite("Event registry in MySQL", .timeLimit(.minutes(2)))
struct EventStoreTests {
    @Test("create, get and list round-trip every field; a second create is refused")
    func createAndGet() async throws {
        try await TestServers.withDatabase { client, db in
            let store = EventStore(client: client)
            let event = try sampleEvent()
            try await store.create(event)
            let fixed = try Event(
                id: 7, name: "Fixed ₩", stock: 5, openAt: event.openAt, closeAt: event.closeAt, releaseRate: 1,
                coupon: try CouponPolicy(discount: .fixed(amount: 3_000), validDays: 1))
            try await store.create(fixed)
            let stored = try await store.get(1001)
            #expect(stored == EventRecord(event: event, shuffleSeed: stored.shuffleSeed))
            // Every event gets its own shuffle seed at creation.
            let seed = try #require(stored.shuffleSeed)
            #expect(try await store.get(7).shuffleSeed != seed)
            #expect(try await store.list().map(\.event) == [fixed, event])
            await #expect(throws: StoreError.eventExists(1001)) { try await store.create(event) }
            await #expect(throws: StoreError.eventNotFound(42)) { try await store.get(42) }
        }
    }

    @Test("apply creates, then is unchanged, then updates; flags and issued count are kept")
    func apply() async throws {
        try await TestServers.withDatabase { client, db in
            let store = EventStore(client: client)
            #expect(try await store.apply(try sampleEvent()) == .created)
            #expect(try await store.apply(try sampleEvent()) == .unchanged)
            _ = try await store.setPaused(1001, true)
            try await client.execute("UPDATE coupon_event SET issued_count = 40 WHERE id = 1001")
            #expect(try await store.apply(try sampleEvent(rate: 80)) == .updated)
            let record = try await store.get(1001)
            #expect(record.event.releaseRate == 80)
            #expect(record.paused)
            #expect(record.issuedCount == 40)
            await #expect(throws: StoreError.self) { try await store.apply(try sampleEvent(stock: 39)) }
            #expect(try await store.get(1001).event.stock == 100)
        }
    }

    @Test("once the pre-queue window has opened, apply refuses a new openAt or window, not other changes")
    func openingFixedOnceTheWindowOpens() async throws {
        try await TestServers.withDatabase { client, db in
            let store = EventStore(client: client)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            func event(openIn: TimeInterval, preQueue: Int = 600, rate: Int = 50, id: Int64 = 1001) throws -> Event {
                let e = try sampleEvent(id: id, rate: rate)
                return try Event(
                    id: e.id, name: e.name, stock: e.stock, openAt: now.addingTimeInterval(openIn), closeAt: e.closeAt,
                    releaseRate: e.releaseRate, coupon: e.coupon, preQueueSeconds: preQueue)
            }
            // Window open (the open is 300 s away, the window 600 s long).
            let opening = try event(openIn: 300)
            let moved = try event(openIn: 400)
            let longer = try event(openIn: 300, preQueue: 900)
            let noWindow = try event(openIn: 300, preQueue: 0)
            let faster = try event(openIn: 300, rate: 80)
            #expect(try await store.apply(opening, now: now) == .created)
            await #expect(throws: StoreError.self) { try await store.apply(moved, now: now) }
            await #expect(throws: StoreError.self) { try await store.apply(longer, now: now) }
            await #expect(throws: StoreError.self) { try await store.apply(noWindow, now: now) }
            #expect(try await store.get(1001).event == opening)
            #expect(try await store.apply(faster, now: now) == .updated)
            // Before the window, and for an event without one, the opening may still move.
            let later = try event(openIn: 3_600, id: 1002)
            let sooner = try event(openIn: 1_800, id: 1002)
            let open = try event(openIn: -60, preQueue: 0, id: 1003)
            let openMoved = try event(openIn: -30, preQueue: 0, id: 1003)
            #expect(try await store.apply(later, now: now) == .created)
            #expect(try await store.apply(sooner, now: now) == .updated)
            #expect(try await store.apply(open, now: now) == .created)
            #expect(try await store.apply(openMoved, now: now) == .updated)
        }
    }

    @Test("pause, close and set-rate change MySQL; an invalid rate or unknown event is refused")
    func controls() async throws {
        try await TestServers.withDatabase { client, db in
            let store = EventStore(client: client)
            try await store.create(try sampleEvent())
            #expect(try await store.setPaused(1001, true).paused)
            #expect(try await store.setPaused(1001, false).paused == false)
            #expect(try await store.setClosed(1001, true).closed)
            #expect(try await store.setReleaseRate(1001, 7).event.releaseRate == 7)
            await #expect(throws: StoreError.self) { try await store.setReleaseRate(1001, 0) }
            await #expect(throws: StoreError.eventNotFound(5)) { try await store.setPaused(5, true) }
        }
    }
}
