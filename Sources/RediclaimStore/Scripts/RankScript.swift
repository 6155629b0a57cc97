import RediclaimCore
import RediclaimRedis

/// `rank.lua`: a user's place and the event's state, read atomically.
struct RankScript: UserScriptCommand {
    static let script = StoreScripts.load("rank")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, userId: String) {
        keys = Self.keys(k)
        arguments = [userId]
    }

    static func keys(_ k: RedisKeys) -> [String] { [k.definition, k.counters, k.queue, k.users, k.preQueue] }

    static func decode(_ reply: RedisReply) throws -> RankOutcome {
        let f = try RedisScriptFields(reply, script: "rank")
        switch try f.string("kind") {
        case "NOT_FOUND": return .eventNotFound
        case "WAITING":
            return .waiting(
                score: try f.score("score"), rank: try f.int("rank"), waiting: try f.int("waiting"), state: try f.state("state"),
                cohort: try f.int("cohort"))
        case "LEFT": return .left(try f.record("record"), state: try f.state("state"), cohort: try f.int("cohort"))
        case "PRE_QUEUE":
            return .preQueued(opensInMs: Int64(try f.int("opensInMs")), waiting: try f.int("waiting"), state: try f.state("state"))
        case "ABSENT": return .absent(state: try f.state("state"))
        case let other: throw f.missing("kind", "a known kind (got \(other))")
        }
    }
}
