import RediclaimRedis

/// `claim_pending.lua`: pending dispatch entries old enough to publish again, claimed by this caller.
struct ClaimPendingScript: RedisScriptCommand {
    static let script = StoreScripts.load("claim_pending")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, olderThanMs: Int, limit: Int) {
        keys = [k.pending, k.users]
        arguments = [olderThanMs, limit]
    }

    static func decode(_ reply: RedisReply) throws -> [ReleasedUser] {
        let f = try RedisScriptFields(reply, script: "claim_pending")
        let items = try f.array("claimed")
        guard items.count % 3 == 0 else { throw f.missing("claimed", "user, score and release time triples") }
        return try stride(from: 0, to: items.count, by: 3).map { i in
            guard let user = items[i].string, let score = items[i + 1].string.flatMap(QueueScore.init),
                let at = items[i + 2].string.flatMap(Int64.init)
            else { throw f.missing("claimed", "user, score and release time triples") }
            return ReleasedUser(userId: user, score: score, releasedAtMs: at)
        }
    }
}
