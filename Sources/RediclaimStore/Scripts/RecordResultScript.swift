import RediclaimCore
import RediclaimRedis

/// `record_result.lua`: one issuance result written as the user's final status (replays change nothing).
struct RecordResultScript: RedisScriptCommand {
    static let script = StoreScripts.load("record_result")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, _ result: IssueResult) {
        keys = [k.users, k.counters, k.pending, k.queue]
        switch result.outcome {
        case .issued(let coupon): arguments = [result.userId, "ISSUED", coupon.code, String(coupon.expiresAt)]
        case .soldOut: arguments = [result.userId, "SOLD_OUT", "", ""]
        }
    }

    /// Whether the status changed.
    static func decode(_ reply: RedisReply) throws -> Bool {
        try RedisScriptFields(reply, script: "record_result").int("changed") == 1
    }
}
