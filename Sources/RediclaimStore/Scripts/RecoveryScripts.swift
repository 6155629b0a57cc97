import RediclaimRedis

/// `begin_recovery.lua`: the heal lock taken, the definition written, releases stopped.
struct BeginRecoveryScript: RedisScriptCommand {
    static let script = StoreScripts.load("begin_recovery")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, token: String, lockMs: Int, definition: RuntimeDefinition, issuedFloor: Int64) {
        keys = [k.definition, k.counters, k.heal]
        var arguments: [any RedisArgumentConvertible] = [token, lockMs, definition.version, issuedFloor, definition.eventId]
        for (field, value) in definition.fields {
            arguments.append(field)
            arguments.append(value)
        }
        self.arguments = arguments
    }

    /// Whether this caller holds the heal lock.
    static func decode(_ reply: RedisReply) throws -> Bool {
        try RedisScriptFields(reply, script: "begin_recovery").int("started") == 1
    }
}

/// `restore_finals.lua`: final statuses from MySQL written back, users with one out of the queue.
struct RestoreFinalsScript: RedisScriptCommand {
    static let script = StoreScripts.load("restore_finals")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, token: String, lockMs: Int, records: ArraySlice<(String, UserRecord)>) {
        keys = [k.users, k.queue, k.pending, k.heal, k.counters]
        var arguments: [any RedisArgumentConvertible] = [token, lockMs]
        for (user, record) in records {
            arguments.append(user)
            arguments.append(record.text)
        }
        self.arguments = arguments
    }

    /// Statuses written, or nil when the heal lock is no longer this caller's.
    static func decode(_ reply: RedisReply) throws -> Int? {
        let f = try RedisScriptFields(reply, script: "restore_finals")
        return try f.int("held") == 1 ? try f.int("restored") : nil
    }
}

/// `finish_recovery.lua`: the counters adopted into this Redis lifetime, releases resumed.
struct FinishRecoveryScript: RedisScriptCommand {
    static let script = StoreScripts.load("finish_recovery")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, token: String, released: Int64, epochNo: Int) {
        keys = [k.definition, k.counters, k.heal]
        arguments = [token, released, epochNo]
    }

    static func decode(_ reply: RedisReply) throws -> Bool {
        try RedisScriptFields(reply, script: "finish_recovery").int("finished") == 1
    }
}
