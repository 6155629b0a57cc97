/// One Redis command as a value: binary-safe arguments, the first being the command name.
public struct RedisCommand: Sendable, Hashable {
    /// All arguments back to back; `lengths` splits them. One buffer keeps hiredis' argv cheap.
    var storage: [UInt8]
    var lengths: [Int]
    /// Set for EVALSHA commands, so a NOSCRIPT reply can be retried with EVAL.
    var script: RedisScript?

    /// A command from raw arguments, e.g. `[Array("GET".utf8), keyBytes]`.
    public init(arguments: [[UInt8]]) {
        storage = []
        storage.reserveCapacity(arguments.reduce(0) { $0 + $1.count })
        lengths = []
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            storage.append(contentsOf: argument)
            lengths.append(argument.count)
        }
    }

    /// A command from a name and typed arguments, e.g. `RedisCommand("ZADD", key, 12, member)`.
    public init<each Argument: RedisArgumentConvertible>(_ name: String, _ arguments: repeat each Argument) {
        storage = []
        storage.reserveCapacity(64)
        lengths = []
        append(name)
        for argument in repeat each arguments { append(argument) }
    }

    /// A command from a name and a list of arguments of mixed types.
    public init(_ name: String, arguments: [any RedisArgumentConvertible]) {
        storage = []
        lengths = []
        lengths.reserveCapacity(arguments.count + 1)
        append(name)
        for argument in arguments { append(argument) }
    }

    /// Adds one more argument at the end.
    public mutating func append(_ argument: some RedisArgumentConvertible) {
        let before = storage.count
        argument.appendRedisArgument(to: &storage)
        lengths.append(storage.count - before)
    }

    /// The arguments as separate byte arrays (name first).
    public var arguments: [[UInt8]] {
        var result: [[UInt8]] = []
        result.reserveCapacity(lengths.count)
        var offset = 0
        for length in lengths {
            result.append(Array(storage[offset..<offset + length]))
            offset += length
        }
        return result
    }

    /// The command name as written (e.g. `ZADD`).
    public var name: String {
        String(decoding: storage.prefix(lengths.first ?? 0), as: UTF8.self)
    }
}

extension RedisCommand {
    /// `EVALSHA sha numkeys keys... args...`; in a pipeline a NOSCRIPT reply is retried with EVAL.
    public static func evalsha(
        _ script: RedisScript, keys: [String], arguments: [any RedisArgumentConvertible] = []
    ) -> RedisCommand {
        var command = RedisCommand("EVALSHA", script.sha1, keys.count)
        for key in keys { command.append(key) }
        for argument in arguments { command.append(argument) }
        command.script = script
        return command
    }

    /// The same call as EVAL with the full source: the fallback after NOSCRIPT (it also caches the script).
    func evalFallback() -> RedisCommand? {
        guard let script, lengths.count >= 2 else { return nil }
        var command = RedisCommand("EVAL", script.source)
        var offset = lengths[0] + lengths[1]
        for length in lengths.dropFirst(2) {
            command.append(storage[offset..<offset + length])
            offset += length
        }
        return command
    }
}
