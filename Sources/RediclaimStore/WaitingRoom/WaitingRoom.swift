import Logging
import RediclaimCore
import RediclaimRedis

/// The Redis waiting room: every operation is one atomic Lua script over one event's keys.
public struct WaitingRoom: Sendable {
    let redis: RedisClient
    let namespace: String

    public init(redis: RedisClient, namespace: String = RedisKeys.defaultNamespace) {
        self.redis = redis
        self.namespace = namespace
    }

    public func keys(_ eventId: Int64) -> RedisKeys { RedisKeys(eventId: eventId, namespace: namespace) }

    public func enqueue(eventId: Int64, userId: String) async throws -> EnqueueOutcome {
        let k = keys(eventId)
        let reply = try await redis.eval(
            WaitingRoomScripts.enqueue, keys: [k.definition, k.counters, k.queue, k.users], arguments: [userId])
        let parts = try Self.array(reply, "enqueue")
        switch parts.first?.string {
        case "NOT_FOUND": return .eventNotFound
        case "REFUSED": return .refused(try Self.state(parts, at: 1))
        case "WAITING":
            return .waiting(
                score: try Self.score(parts, at: 1), rank: try Self.int(parts, at: 2), waiting: try Self.int(parts, at: 3),
                isNew: try Self.int(parts, at: 4) == 1)
        case "LEFT":
            return .left(try Self.record(parts, at: 1), waiting: try Self.int(parts, at: 2))
        default: throw StoreError.corrupt("enqueue script answered \(reply)")
        }
    }

    public func rank(eventId: Int64, userId: String) async throws -> RankOutcome {
        let k = keys(eventId)
        let reply = try await redis.eval(
            WaitingRoomScripts.rank, keys: [k.definition, k.counters, k.queue, k.users], arguments: [userId])
        let parts = try Self.array(reply, "rank")
        switch parts.first?.string {
        case "NOT_FOUND": return .eventNotFound
        case "WAITING":
            return .waiting(
                score: try Self.score(parts, at: 1), rank: try Self.int(parts, at: 2), waiting: try Self.int(parts, at: 3),
                state: try Self.state(parts, at: 4))
        case "LEFT": return .left(try Self.record(parts, at: 1), state: try Self.state(parts, at: 2))
        case "ABSENT": return .absent(state: try Self.state(parts, at: 1))
        default: throw StoreError.corrupt("rank script answered \(reply)")
        }
    }

    /// One release tick: lets out up to rate x elapsed users (bounded by one tick's worth and `maxBatch`).
    public func release(eventId: Int64, tickMs: Int, maxBatch: Int) async throws -> ReleaseOutcome {
        let k = keys(eventId)
        let reply = try await redis.eval(
            WaitingRoomScripts.release,
            keys: [k.definition, k.counters, k.queue, k.users, k.pending, k.released],
            arguments: [tickMs, min(maxBatch, 5_000)])
        let parts = try Self.array(reply, "release")
        if parts.first?.string == "NOT_FOUND" { return ReleaseOutcome(state: nil, released: []) }
        let state = try Self.state(parts, at: 0)
        let at = Int64(try Self.int(parts, at: 2))
        let pairs = try Self.tuples(parts.dropFirst(3), width: 2)
        return ReleaseOutcome(
            state: state, released: try pairs.map { ReleasedUser(userId: $0.0, score: try Self.score($0.1, at: 0), releasedAtMs: at) })
    }

    /// Claims pending dispatch entries older than `ageMs` (marking them as re-sent now).
    public func claimPending(eventId: Int64, olderThanMs ageMs: Int, limit: Int) async throws -> [ReleasedUser] {
        let k = keys(eventId)
        let reply = try await redis.eval(
            WaitingRoomScripts.claimPending, keys: [k.pending, k.users], arguments: [ageMs, limit])
        return try Self.tuples(try Self.array(reply, "claim_pending")[...], width: 3).map {
            ReleasedUser(userId: $0.0, score: try Self.score($0.1, at: 0), releasedAtMs: Int64(try Self.int($0.1, at: 1)))
        }
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
        let commands = results.map { result -> RedisCommand in
            let k = keys(result.eventId)
            let (status, code, expires): (String, String, String) =
                switch result.outcome {
                case .issued(let coupon): ("ISSUED", coupon.code, String(coupon.expiresAt))
                case .soldOut: ("SOLD_OUT", "", "")
                }
            return .evalsha(
                WaitingRoomScripts.recordResult, keys: [k.users, k.counters, k.pending],
                arguments: [result.userId, status, code, expires])
        }
        var changed = 0
        for reply in try await redis.pipeline(commands) {
            if let message = reply.errorMessage { throw StoreError.corrupt("record_result failed: \(message)") }
            changed += reply.int ?? 0
        }
        return changed
    }
}

extension WaitingRoom {
    static func array(_ reply: RedisReply, _ script: String) throws -> [RedisReply] {
        guard let parts = reply.array else { throw StoreError.corrupt("\(script) script answered \(reply)") }
        return parts
    }

    static func int(_ parts: [RedisReply], at i: Int) throws -> Int {
        guard i < parts.count, let value = parts[i].int ?? parts[i].string.flatMap(Int.init) else {
            throw StoreError.corrupt("expected an integer at \(i) in \(parts)")
        }
        return value
    }

    static func score(_ parts: [RedisReply], at i: Int) throws -> QueueScore {
        guard i < parts.count, let text = parts[i].string, let score = QueueScore(text) else {
            throw StoreError.corrupt("expected a queue score at \(i) in \(parts)")
        }
        return score
    }

    static func state(_ parts: [RedisReply], at i: Int) throws -> EventState {
        guard i < parts.count, let text = parts[i].string, let state = EventState(rawValue: text) else {
            throw StoreError.corrupt("expected an event state at \(i) in \(parts)")
        }
        return state
    }

    static func record(_ parts: [RedisReply], at i: Int) throws -> UserRecord {
        guard i < parts.count, let text = parts[i].string, let record = UserRecord(text) else {
            throw StoreError.corrupt("expected a user record at \(i) in \(parts)")
        }
        return record
    }

    /// Splits a flat reply into (userId, the following width-1 fields).
    static func tuples(_ flat: ArraySlice<RedisReply>, width: Int) throws -> [(String, [RedisReply])] {
        let items = Array(flat)
        guard items.count % width == 0 else { throw StoreError.corrupt("expected groups of \(width) in \(items)") }
        return try stride(from: 0, to: items.count, by: width).map { i in
            guard let user = items[i].string else { throw StoreError.corrupt("user id expected in \(items)") }
            return (user, Array(items[(i + 1)..<(i + width)]))
        }
    }
}
