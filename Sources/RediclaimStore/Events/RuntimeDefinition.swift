import Foundation
import RediclaimCore

/// The runtime copy of an event in Redis: what the gate needs on every request, without MySQL.
public struct RuntimeDefinition: Sendable, Hashable {
    public var eventId: Int64
    public var name: String
    public var stock: Int64
    public var openAtMs: Int64
    public var closeAtMs: Int64
    public var releaseRate: Int
    public var paused: Bool
    public var closed: Bool
    /// 0: no cap.
    public var maxWaiting: Int64
    public var preQueueSeconds: Int
    /// The shuffle seed (MySQL's, copied so the open needs only Redis); shown to the public only after the
    /// cohort is frozen at the open, its commitment from the start.
    public var seed: ShuffleSeed?
    /// MySQL's version of the definition this copy was written from.
    public var version: Int64

    public init(record: EventRecord) {
        eventId = record.event.id
        name = record.event.name
        stock = record.event.stock
        openAtMs = Timestamps.epochMillis(record.event.openAt)
        closeAtMs = Timestamps.epochMillis(record.event.closeAt)
        releaseRate = record.event.releaseRate
        paused = record.paused
        closed = record.closed
        maxWaiting = record.event.maxWaiting ?? 0
        preQueueSeconds = record.event.preQueueSeconds
        seed = record.shuffleSeed
        version = record.version
    }

    /// The hash fields as written to `rc:{e:ID}:def`; the Lua scripts read the same names.
    var fields: [(String, String)] {
        let seedFields = seed.map { [("seed", $0.hex), ("commitment", $0.commitment)] } ?? []
        return [
            ("name", name), ("stock", String(stock)), ("openAt", String(openAtMs)), ("closeAt", String(closeAtMs)),
            ("rate", String(releaseRate)), ("paused", paused ? "1" : "0"), ("closed", closed ? "1" : "0"),
            ("maxWaiting", String(maxWaiting)), ("preQueue", String(preQueueSeconds)),
        ] + seedFields
    }

    /// When the pre-queue window opens (epoch ms); `openAtMs` when there is none.
    public var preQueueOpensAtMs: Int64 { openAtMs - Int64(preQueueSeconds) * 1_000 }

    init?(eventId: Int64, hash: [String: String]) {
        guard let stock = hash["stock"].flatMap(Int64.init), let openAt = hash["openAt"].flatMap(Int64.init),
            let closeAt = hash["closeAt"].flatMap(Int64.init), let rate = hash["rate"].flatMap(Int.init)
        else { return nil }
        self.eventId = eventId
        name = hash["name"] ?? ""
        self.stock = stock
        openAtMs = openAt
        closeAtMs = closeAt
        releaseRate = rate
        paused = hash["paused"] == "1"
        closed = hash["closed"] == "1"
        maxWaiting = hash["maxWaiting"].flatMap(Int64.init) ?? 0
        preQueueSeconds = hash["preQueue"].flatMap(Int.init) ?? 0
        seed = hash["seed"].flatMap { ShuffleSeed(hex: $0) }
        version = hash["version"].flatMap(Int64.init) ?? 0
    }

    /// The state at `now` with these counters, by the one rule in `EventState.derive`.
    public func state(at now: Date, released: Int64) -> EventState {
        EventState.derive(
            openAt: Timestamps.date(epochMillis: openAtMs), closeAt: Timestamps.date(epochMillis: closeAtMs), now: now,
            runtime: EventRuntime(stock: stock, released: released, paused: paused, closed: closed))
    }
}

/// The live counters of an event in Redis.
public struct RuntimeCounters: Sendable, Hashable {
    public var lastSeq: Int64 = 0
    public var released: Int64 = 0
    public var issued: Int64 = 0
    public var soldOut: Int64 = 0
    public var soldOutAtMs: Int64?
    public var waiting: Int64 = 0
    public var pending: Int64 = 0
    public var oldestPendingMs: Int64?
    /// Users in the pre-queue now (before the open, or not yet placed at it).
    public var preQueued: Int64 = 0
    /// The cohort's size, frozen at the open; nil before.
    public var cohort: Int64?
    /// The whole cohort is placed in the queue.
    public var shuffled = false

    public init() {}
}
