import RediclaimCore
import RediclaimRedis

/// What one placement of a cohort did.
public struct PlacementReport: Sendable, Hashable {
    public var cohort = 0
    /// Positions this call placed (less than the cohort when it resumed another gate's placement).
    public var placed = 0
    public var chunks = 0
    /// The slowest chunk as this client saw it (Redis time plus one round trip).
    public var slowestChunk: Duration = .zero
    public init() {}
}

/// The opening of an event with a pre-queue: its cohort placed at the head of the queue in the seeded
/// order, in chunks, under the shuffle lock.
extension WaitingRoom {
    /// Places the cohort of `eventId` if it is due and no other caller is at it; nil when there is nothing
    /// for this caller to do (too early, done, another gate holds the lock, or the lock was lost mid-way).
    /// With no seed (an event row the seed migration never reached) the cohort keeps its arrival order.
    public func placeCohort(
        eventId: Int64, seed: ShuffleSeed?, token: String, chunkSize: Int = 500, lock: Duration = .seconds(10)
    ) async throws -> PlacementReport? {
        let k = keys(eventId)
        let lockMs = Int(lock.components.seconds) * 1_000
        guard case .place(let cohort, let placed) = try await redis.run(BeginShuffleScript(k, token: token, lockMs: lockMs)) else {
            return nil
        }
        // The whole cohort: those still in the pre-queue and those a dead gate placed already (the head of
        // the queue, positions 1...placed: nothing is released until the placement ends).
        var users = try await members(k.preQueue, count: Int.max)
        if placed > 0 { users += try await members(k.queue, count: placed) }
        let order = seed.map { ShuffleOrder.order(seed: $0, users: users) } ?? users
        // Reading and sorting a large cohort takes a while: hold the lock afresh (or learn it was lost).
        guard case .place(_, let resumeAt) = try await redis.run(BeginShuffleScript(k, token: token, lockMs: lockMs)) else { return nil }
        var report = PlacementReport()
        report.cohort = cohort
        var position = resumeAt
        while position < order.count {
            let end = min(position + chunkSize, order.count)
            let started = ContinuousClock.now
            let left = try await redis.run(
                PlaceCohortScript(k, token: token, lockMs: lockMs, firstPosition: position + 1, users: order[position..<end]))
            report.slowestChunk = max(report.slowestChunk, ContinuousClock.now - started)
            report.chunks += 1
            guard left != nil else { return nil }
            report.placed += end - position
            position = end
        }
        return report
    }

    /// The first `count` members of a sorted set, read by rank in pages so no call blocks Redis for long.
    func members(_ key: String, count: Int) async throws -> [String] {
        var out: [String] = []
        let page = 5_000
        while out.count < count {
            let take = min(page, count - out.count)
            let items = try await redis.send("ZRANGE", key, out.count, out.count + take - 1).array ?? []
            out += items.compactMap(\.string)
            if items.count < take { break }
        }
        return out
    }

    /// The pre-queue's users, in arrival order (audits and tests).
    public func preQueue(eventId: Int64) async throws -> [String] {
        try await members(keys(eventId).preQueue, count: Int.max)
    }
}
