import RediclaimRedis

/// `runtime_check.lua`: whether an event's runtime copy is there, current and of this Redis lifetime.
struct RuntimeCheckScript: RedisScriptCommand {
    static let script = StoreScripts.load("runtime_check")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible] = []

    init(_ k: RedisKeys) { keys = [k.definition, k.counters, k.heal] }

    static func decode(_ reply: RedisReply) throws -> RuntimeCheck {
        let f = try RedisScriptFields(reply, script: "runtime_check")
        return RuntimeCheck(
            runId: try f.string("runId"), version: Int64(try f.int("version")), epoch: try f.string("epoch"),
            healing: try f.int("healing") == 1)
    }
}

/// An event's runtime copy as the keeper sees it.
public struct RuntimeCheck: Sendable, Hashable {
    /// The Redis server's run id now.
    public let runId: String
    /// The definition's version in Redis; 0 when there is no copy.
    public let version: Int64
    /// The run id the counters were adopted under; empty when there are none.
    public let epoch: String
    /// A gate is rebuilding it.
    public let healing: Bool

    /// The copy is gone, or its counters come from another Redis lifetime (restart, rollback, failover).
    public var needsRebuild: Bool { version == 0 || epoch != runId }
}
