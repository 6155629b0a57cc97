import RediclaimCore
import RediclaimRedis

/// `release.lua`: one release tick of one event.
struct ReleaseScript: RedisScriptCommand {
    static let script = StoreScripts.load("release")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, tickMs: Int, maxBatch: Int) {
        keys = [k.definition, k.counters, k.queue, k.users, k.pending, k.released, k.preQueue]
        arguments = [tickMs, maxBatch]
    }

    static func decode(_ reply: RedisReply) throws -> ReleaseOutcome {
        let f = try RedisScriptFields(reply, script: "release")
        switch try f.string("kind") {
        case "NOT_FOUND": return ReleaseOutcome(state: nil, released: [])
        case "RECOVER": return ReleaseOutcome(state: nil, released: [], needsRecovery: true)
        case "SHUFFLE":
            var outcome = ReleaseOutcome(state: nil, released: [])
            outcome.needsShuffle = true
            return outcome
        default: break
        }
        let at = Int64(try f.int("at"))
        let users = try f.array("users")
        guard users.count % 2 == 0 else { throw f.missing("users", "user and score pairs") }
        var released: [ReleasedUser] = []
        released.reserveCapacity(users.count / 2)
        for i in stride(from: 0, to: users.count, by: 2) {
            guard let user = users[i].string, let score = users[i + 1].string.flatMap(QueueScore.init) else {
                throw f.missing("users", "user and score pairs")
            }
            released.append(ReleasedUser(userId: user, score: score, releasedAtMs: at))
        }
        return ReleaseOutcome(state: try f.state("state"), released: released, epoch: try f.int("epoch"))
    }
}
