import Logging
import RediclaimCore
import RediclaimRedis

/// The Redis waiting room: every operation is one atomic Lua script over one event's keys.
public struct WaitingRoom: Sendable {
    let redis: RedisClient
    let namespace: String
    private let calls = UserScriptCalls()

    public init(redis: RedisClient, namespace: String = RedisKeys.defaultNamespace) {
        self.redis = redis
        self.namespace = namespace
    }

    public func keys(_ eventId: Int64) -> RedisKeys { RedisKeys(eventId: eventId, namespace: namespace) }

    public func enqueue(eventId: Int64, userId: String) async throws -> EnqueueOutcome {
        try EnqueueScript.decode(try await redis.send(calls.command(EnqueueScript.self, keys: keys(eventId), userId: userId)))
    }

    public func rank(eventId: Int64, userId: String) async throws -> RankOutcome {
        try RankScript.decode(try await redis.send(calls.command(RankScript.self, keys: keys(eventId), userId: userId)))
    }

    /// One release tick: lets out up to rate x elapsed users (bounded by one tick's worth and `maxBatch`).
    public func release(eventId: Int64, tickMs: Int, maxBatch: Int) async throws -> ReleaseOutcome {
        try await redis.run(ReleaseScript(keys(eventId), tickMs: tickMs, maxBatch: min(maxBatch, 5_000)))
    }

    /// Claims pending dispatch entries older than `ageMs` (marking them as re-sent now).
    public func claimPending(eventId: Int64, olderThanMs ageMs: Int, limit: Int) async throws -> [ReleasedUser] {
        try await redis.run(ClaimPendingScript(keys(eventId), olderThanMs: ageMs, limit: limit))
    }

    /// Clears pending entries whose request the broker acknowledged.
    public func acknowledge(eventId: Int64, userIds: [String]) async throws {
        guard !userIds.isEmpty else { return }
        var command = RedisCommand("ZREM", keys(eventId).pending)
        for user in userIds { command.append(user) }
        _ = try await redis.send(command)
    }

    /// Writes final statuses from the issuer's results; replays change nothing. Returns how many changed.
    @discardableResult
    public func record(_ results: [IssueResult]) async throws -> Int {
        guard !results.isEmpty else { return 0 }
        var changed = 0
        for outcome in try await redis.run(results.map { RecordResultScript(keys($0.eventId), $0) }) {
            if try outcome.get() { changed += 1 }
        }
        return changed
    }
}
