import Foundation
import RediclaimRedis

/// Rebuilding an event's runtime copy after Redis lost or rolled back data: the steps the gate's runtime
/// keeper runs, each one atomic in Redis, under the event's heal lock.
public struct RuntimeRecovery: Sendable {
    let redis: RedisClient
    let namespace: String

    public init(redis: RedisClient, namespace: String = RedisKeys.defaultNamespace) {
        self.redis = redis
        self.namespace = namespace
    }

    func keys(_ eventId: Int64) -> RedisKeys { RedisKeys(eventId: eventId, namespace: namespace) }

    /// Whether each event's copy is there and of this Redis lifetime (one pipeline).
    public func check(_ eventIds: [Int64]) async throws -> [Int64: RuntimeCheck] {
        let outcomes = try await redis.run(eventIds.map { RuntimeCheckScript(keys($0)) })
        var checks: [Int64: RuntimeCheck] = [:]
        for (id, outcome) in zip(eventIds, outcomes) { checks[id] = try outcome.get() }
        return checks
    }

    /// Takes the heal lock (or refreshes it), writes the definition, stops releases. False when another
    /// gate holds the lock.
    public func begin(_ record: EventRecord, token: String, lock: Duration, issuedFloor: Int64) async throws -> Bool {
        let started = try await redis.run(
            BeginRecoveryScript(
                keys(record.event.id), token: token, lockMs: Self.ms(lock), definition: RuntimeDefinition(record: record),
                issuedFloor: issuedFloor))
        // Apart from the script: the events set lives in another cluster slot than the event's keys.
        if started { _ = try await redis.send("SADD", RedisKeys.events(namespace: namespace), record.event.id) }
        return started
    }

    /// Writes final statuses back (never over a final one), in chunks; returns how many were written, or
    /// nil when the lock was lost to another gate.
    public func restore(eventId: Int64, _ records: [(String, UserRecord)], token: String, lock: Duration) async throws -> Int? {
        var restored = 0
        var start = 0
        while start < records.count {
            let end = min(start + 1_000, records.count)
            guard
                let written = try await redis.run(
                    RestoreFinalsScript(keys(eventId), token: token, lockMs: Self.ms(lock), records: records[start..<end]))
            else { return nil }
            restored += written
            start = end
        }
        return restored
    }

    /// Users whose record in Redis is still RELEASED (released in this lifetime, or kept by a rollback).
    public func releasedWithoutResult(eventId: Int64) async throws -> Int {
        var count = 0
        var cursor = "0"
        repeat {
            let reply = try await redis.send("HSCAN", keys(eventId).users, cursor, "COUNT", 5_000)
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let items = parts[1].array else {
                throw StoreError.corrupt("HSCAN answered \(reply)")
            }
            var i = 1
            while i < items.count {
                if items[i].string?.hasPrefix("R|") == true { count += 1 }
                i += 2
            }
            cursor = next
        } while cursor != "0"
        return count
    }

    /// Ends the rebuild: the released counter, the new lifetime, releases resumed. False when the lock was lost.
    public func finish(eventId: Int64, token: String, released: Int64, epochNo: Int) async throws -> Bool {
        try await redis.run(FinishRecoveryScript(keys(eventId), token: token, released: released, epochNo: epochNo))
    }

    static func ms(_ duration: Duration) -> Int { Int(duration.components.seconds) * 1_000 + Int(duration.components.attoseconds / 1_000_000_000_000_000) }
}
