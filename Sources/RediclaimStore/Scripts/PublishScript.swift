import RediclaimRedis

/// `publish.lua`: the runtime copy written unless Redis holds a newer version; a new event's lifetime begins.
struct PublishScript: RedisScriptCommand {
    static let script = StoreScripts.load("publish")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, definition: RuntimeDefinition, issuedFloor: Int64, fresh: Bool) {
        keys = [k.definition, k.counters]
        var arguments: [any RedisArgumentConvertible] = [definition.version, issuedFloor, fresh ? 1 : 0, definition.eventId]
        for (field, value) in definition.fields {
            arguments.append(field)
            arguments.append(value)
        }
        self.arguments = arguments
    }

    /// Whether the definition was written (false: Redis held a newer version).
    static func decode(_ reply: RedisReply) throws -> Bool {
        try RedisScriptFields(reply, script: "publish").int("applied") == 1
    }
}
