import RediclaimCore
import RediclaimRedis

/// `enqueue.lua`: joins the queue, or says why not, or where the user already is.
struct EnqueueScript: UserScriptCommand {
    static let script = StoreScripts.load("enqueue")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, userId: String) {
        keys = Self.keys(k)
        arguments = [userId]
    }

    static func keys(_ k: RedisKeys) -> [String] { [k.definition, k.counters, k.queue, k.users, k.preQueue] }

    static func decode(_ reply: RedisReply) throws -> EnqueueOutcome {
        let f = try RedisScriptFields(reply, script: "enqueue")
        switch try f.string("kind") {
        case "NOT_FOUND": return .eventNotFound
        case "REFUSED": return .refused(try f.state("state"))
        case "FULL": return .queueFull(waiting: try f.int("waiting"))
        case "WAITING":
            return .waiting(
                score: try f.score("score"), rank: try f.int("rank"), waiting: try f.int("waiting"), isNew: try f.int("new") == 1,
                cohort: try f.int("cohort"))
        case "PRE_QUEUE":
            return .preQueued(opensInMs: Int64(try f.int("opensInMs")), waiting: try f.int("waiting"), isNew: try f.int("new") == 1)
        case "LEFT": return .left(try f.record("record"), waiting: try f.int("waiting"))
        case let other: throw f.missing("kind", "a known kind (got \(other))")
        }
    }
}
