import RediclaimCore
import RediclaimStore

/// What checking an opening needs: the seed, the commitment that was published, the cohort's size, and
/// the release log.
struct CohortAudit: Sendable {
    /// MySQL's seed (nil: the event has none).
    var seed: ShuffleSeed?
    /// The commitment in the Redis copy, as the gates published it (nil: no copy left to compare).
    var publishedCommitment: String?
    /// Frozen at the open; nil when no cohort was formed (no pre-queue, or the open has not come).
    var cohort: Int?

    /// Every difference between the opening and what the seed says it must have been; empty: it checks out.
    func problems(_ log: [ReleaseLogEntry]) -> [String] {
        guard let cohort, cohort > 0 else { return [] }
        guard let seed else { return ["a cohort of \(cohort) was placed, but the event has no seed to check it with"] }
        var problems: [String] = []
        if let publishedCommitment, publishedCommitment != seed.commitment {
            problems.append("published commitment \(publishedCommitment) is not SHA-256 of the seed (\(seed.commitment))")
        }
        let members = log.filter { $0.score.seq <= Int64(cohort) }
        // The cohort goes first: no later arrival is released before a cohort member.
        if let lastMember = log.lastIndex(where: { $0.score.seq <= Int64(cohort) }),
            let firstLater = log.firstIndex(where: { $0.score.seq > Int64(cohort) }), firstLater < lastMember
        {
            problems.append("\(log[firstLater].userId) (arrived after the open) was released before cohort member \(log[lastMember].userId)")
        }
        let released = members.map(\.userId)
        let seeded = ShuffleOrder.order(seed: seed, users: released)
        for (i, (actual, expected)) in zip(released, seeded).enumerated() where actual != expected {
            problems.append("cohort release \(i + 1) was \(actual); the seeded order puts \(expected) there")
        }
        for (a, b) in zip(members, members.dropFirst()) where a.score.seq >= b.score.seq {
            problems.append("\(b.userId) (position \(b.score.seq)) released after \(a.userId) (position \(a.score.seq))")
        }
        // Fully released: the positions are exactly 1...cohort.
        if members.count == cohort, members.map(\.score.seq) != (1...Int64(cohort)).map({ $0 }) {
            problems.append("the \(cohort) cohort positions released are not exactly 1...\(cohort)")
        }
        return problems
    }
}

extension CohortAudit {
    /// The seed from MySQL, the published commitment and the cohort's size from Redis.
    static func gather(_ record: EventRecord, _ ctx: CtlContext) async throws -> CohortAudit {
        let runtime = EventRuntimeStore(redis: try ctx.redis())
        let definition = try await runtime.definition(record.event.id)
        let counters = try await runtime.counters(record.event.id)
        return CohortAudit(
            seed: record.shuffleSeed, publishedCommitment: definition?.seed?.commitment, cohort: counters.cohort.map { Int($0) })
    }
}
