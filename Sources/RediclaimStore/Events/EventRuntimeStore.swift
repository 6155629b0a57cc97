import Foundation
import RediclaimCore
import RediclaimRedis

/// The Redis copy of event definitions and their live counters.
public struct EventRuntimeStore: Sendable {
    let redis: RedisClient
    let namespace: String

    public init(redis: RedisClient, namespace: String = RedisKeys.defaultNamespace) {
        self.redis = redis
        self.namespace = namespace
    }

    func keys(_ eventId: Int64) -> RedisKeys { RedisKeys(eventId: eventId, namespace: namespace) }

    /// Writes the definition (never the counters) unless Redis holds a newer version, and lists the event
    /// for the release ticker. The released counter is raised to at least `issuedCount`, which MySQL knows
    /// even when Redis lost everything, so a copy never offers more than stock minus what is issued.
    /// `fresh` (a just-created event, nothing released yet) starts its Redis lifetime; for any other event
    /// a missing or foreign lifetime is the runtime keeper's to rebuild. Returns whether it was written.
    @discardableResult
    public func publish(_ record: EventRecord, fresh: Bool = false) async throws -> Bool {
        let applied = try await redis.run(
            PublishScript(
                keys(record.event.id), definition: RuntimeDefinition(record: record), issuedFloor: record.issuedCount, fresh: fresh))
        // Apart from the script: the events set has no hash tag, so in a cluster it lives in another slot.
        _ = try await redis.send("SADD", RedisKeys.events(namespace: namespace), record.event.id)
        return applied
    }

    /// The runtime definition, or nil when Redis has no copy.
    public func definition(_ eventId: Int64) async throws -> RuntimeDefinition? {
        let reply = try await redis.send("HGETALL", keys(eventId).definition)
        return RuntimeDefinition(eventId: eventId, hash: Self.hash(reply))
    }

    /// Ids of every event Redis knows.
    public func eventIds() async throws -> [Int64] {
        let reply = try await redis.send("SMEMBERS", RedisKeys.events(namespace: namespace))
        return (reply.array ?? []).compactMap { $0.string.flatMap(Int64.init) }.sorted()
    }

    /// Counters, queue length and pending dispatch, read in one round trip.
    public func counters(_ eventId: Int64) async throws -> RuntimeCounters {
        let k = keys(eventId)
        let replies = try await redis.pipeline([
            RedisCommand("HGETALL", k.counters),
            RedisCommand("ZCARD", k.queue),
            RedisCommand("ZCARD", k.pending),
            RedisCommand("ZRANGE", k.pending, 0, 0, "WITHSCORES"),
            RedisCommand("ZCARD", k.preQueue),
        ])
        let hash = Self.hash(replies[0])
        var c = RuntimeCounters()
        c.lastSeq = hash["seq"].flatMap(Int64.init) ?? 0
        c.released = hash["released"].flatMap(Int64.init) ?? 0
        c.issued = hash["issued"].flatMap(Int64.init) ?? 0
        c.soldOut = hash["soldOut"].flatMap(Int64.init) ?? 0
        c.soldOutAtMs = hash["soldOutAt"].flatMap(Int64.init)
        c.waiting = Int64(replies[1].int ?? 0)
        c.pending = Int64(replies[2].int ?? 0)
        c.preQueued = Int64(replies[4].int ?? 0)
        c.cohort = hash["cohort"].flatMap(Int64.init)
        c.shuffled = hash["shuffled"] == "1"
        c.oldestPendingMs = replies[3].array.flatMap { $0.count == 2 ? $0[1].string.flatMap(Double.init) : nil }.map { Int64($0) }
        return c
    }

    static func hash(_ reply: RedisReply) -> [String: String] {
        guard let items = reply.array else { return [:] }
        var out: [String: String] = [:]
        var i = 0
        while i + 1 < items.count {
            if let k = items[i].string, let v = items[i + 1].string { out[k] = v }
            i += 2
        }
        return out
    }
}
