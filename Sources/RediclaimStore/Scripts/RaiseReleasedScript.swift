import RediclaimRedis

/// `raise_released.lua`: the released counter raised to at least MySQL's issued count.
struct RaiseReleasedScript: RedisScriptCommand {
    static let script = StoreScripts.load("raise_released")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, atLeast issued: Int64) {
        keys = [k.counters]
        arguments = [issued]
    }

    /// The counter before.
    static func decode(_ reply: RedisReply) throws -> Int64 {
        Int64(try RedisScriptFields(reply, script: "raise_released").int("before"))
    }
}
