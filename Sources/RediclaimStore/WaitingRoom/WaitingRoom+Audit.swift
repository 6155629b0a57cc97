import RediclaimCore
import RediclaimRedis

/// One line of an event's release log (`score|userId|releasedAtMs|epoch`), in release order.
public struct ReleaseLogEntry: Sendable, Hashable {
    public let score: QueueScore
    public let userId: String
    public let releasedAtMs: Int64
    /// The runtime epoch (Redis lifetime) of the release: sequence numbers restart when Redis lost its queue.
    public let epoch: Int

    public init(score: QueueScore, userId: String, releasedAtMs: Int64, epoch: Int = 0) {
        self.score = score
        self.userId = userId
        self.releasedAtMs = releasedAtMs
        self.epoch = epoch
    }

    init?(_ line: String) {
        let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        // Lines written before epochs were logged have three fields: epoch 0.
        guard parts.count == 3 || parts.count == 4, let score = QueueScore(parts[0]), let at = Int64(parts[2]),
            let epoch = parts.count == 4 ? Int(parts[3]) : 0
        else { return nil }
        self.init(score: score, userId: parts[1], releasedAtMs: at, epoch: epoch)
    }
}

/// Reads for audits (verify, reconcile): whole structures, in chunks so Redis is never blocked for long.
extension WaitingRoom {
    public func releaseLog(eventId: Int64, chunk: Int = 10_000) async throws -> [ReleaseLogEntry] {
        let key = keys(eventId).released
        var entries: [ReleaseLogEntry] = []
        var start = 0
        while true {
            let reply = try await redis.send("LRANGE", key, start, start + chunk - 1)
            let items = reply.array ?? []
            for item in items {
                guard let text = item.string, let entry = ReleaseLogEntry(text) else {
                    throw StoreError.corrupt("release log entry \(item) of event \(eventId)")
                }
                entries.append(entry)
            }
            if items.count < chunk { return entries }
            start += chunk
        }
    }

    /// Every user who left the queue, with their record.
    public func userRecords(eventId: Int64) async throws -> [String: UserRecord] {
        let key = keys(eventId).users
        var records: [String: UserRecord] = [:]
        var cursor = "0"
        repeat {
            let reply = try await redis.send("HSCAN", key, cursor, "COUNT", 5_000)
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let items = parts[1].array else {
                throw StoreError.corrupt("HSCAN answered \(reply)")
            }
            var i = 0
            while i + 1 < items.count {
                if let user = items[i].string, let text = items[i + 1].string {
                    guard let record = UserRecord(text) else {
                        throw StoreError.corrupt("user record '\(text)' of \(user) in event \(eventId)")
                    }
                    records[user] = record
                }
                i += 2
            }
            cursor = next
        } while cursor != "0"
        return records
    }

    /// The records of some users (HMGET): users without one are absent.
    public func records(eventId: Int64, userIds: [String]) async throws -> [String: UserRecord] {
        guard !userIds.isEmpty else { return [:] }
        var records: [String: UserRecord] = [:]
        for start in stride(from: 0, to: userIds.count, by: 1_000) {
            let chunk = Array(userIds[start..<min(start + 1_000, userIds.count)])
            var command = RedisCommand("HMGET", keys(eventId).users)
            for user in chunk { command.append(user) }
            let values = try await redis.send(command).array ?? []
            for (user, value) in zip(chunk, values) {
                guard let text = value.string else { continue }
                guard let record = UserRecord(text) else {
                    throw StoreError.corrupt("user record '\(text)' of \(user) in event \(eventId)")
                }
                records[user] = record
            }
        }
        return records
    }

    /// Users whose request the broker has not acknowledged yet, with their claim time (epoch ms).
    public func pendingDispatch(eventId: Int64) async throws -> [String: Int64] {
        let reply = try await redis.send("ZRANGE", keys(eventId).pending, 0, -1, "WITHSCORES")
        let items = reply.array ?? []
        var pending: [String: Int64] = [:]
        var i = 0
        while i + 1 < items.count {
            if let user = items[i].string, let score = items[i + 1].string.flatMap(Double.init) { pending[user] = Int64(score) }
            i += 2
        }
        return pending
    }

    /// Redis server time in epoch milliseconds (the clock of release times and pending claims).
    public func serverTimeMs() async throws -> Int64 {
        let parts = try await redis.send("TIME").array ?? []
        guard parts.count == 2, let seconds = parts[0].string.flatMap(Int64.init), let micros = parts[1].string.flatMap(Int64.init)
        else { throw StoreError.corrupt("TIME answered \(parts)") }
        return seconds * 1_000 + micros / 1_000
    }

    /// Rewrites a user's final status (reconcile's repair of a lost or missing status).
    public func setRecord(eventId: Int64, userId: String, _ record: UserRecord) async throws {
        _ = try await redis.send("HSET", keys(eventId).users, userId, record.text)
    }
}

extension UserRecord {
    /// The stored form, as the Lua scripts write it.
    public var text: String {
        switch self {
        case .released(let score, let at): "R|\(score.raw)|\(at)"
        case .issued(let score, let code, let expiresAt): "I|\(score.raw)|\(code)|\(expiresAt)"
        case .soldOut(let score): "S|\(score.raw)"
        }
    }
}
