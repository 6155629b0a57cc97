/// One Redis command as a value: binary-safe arguments, the first being the command name.
/// It is encoded to RESP once, when built, so the connection only copies bytes.
public struct RedisCommand: Sendable, Hashable {
    /// `*N\r\n` then `$len\r\n<bytes>\r\n` per argument.
    private(set) var resp: [UInt8]
    public private(set) var argumentCount: Int
    /// Set for EVALSHA commands, so a NOSCRIPT reply can be retried with EVAL.
    var script: RedisScript?

    /// A command from raw arguments, e.g. `[Array("GET".utf8), keyBytes]`.
    public init(arguments: [[UInt8]]) {
        self.init(reservingArguments: arguments.count, bytes: arguments.reduce(0) { $0 + $1.count + 16 })
        for argument in arguments { appendBulk(argument) }
    }

    /// A command from a name and typed arguments, e.g. `RedisCommand("ZADD", key, 12, member)`.
    public init<each Argument: RedisArgumentConvertible>(_ name: String, _ arguments: repeat each Argument) {
        var count = 1
        for argument in repeat each arguments {
            _ = argument
            count += 1
        }
        self.init(reservingArguments: count, bytes: 16 * count + 32)
        appendBulk(name)
        for argument in repeat each arguments { appendBulk(argument) }
    }

    /// A command from a name and a list of arguments of mixed types.
    public init(_ name: String, arguments: [any RedisArgumentConvertible]) {
        self.init(reservingArguments: arguments.count + 1, bytes: 16 * arguments.count + 32)
        appendBulk(name)
        for argument in arguments { appendBulk(argument) }
    }

    private init(reservingArguments count: Int, bytes: Int) {
        resp = []
        resp.reserveCapacity(bytes)
        resp.append(UInt8(ascii: "*"))
        Self.appendDecimal(count, to: &resp)
        resp.append(contentsOf: [13, 10])
        argumentCount = count
    }

    /// Adds one more argument at the end (rewrites the `*N` header).
    public mutating func append(_ argument: some RedisArgumentConvertible) {
        argumentCount += 1
        var header: [UInt8] = [UInt8(ascii: "*")]
        Self.appendDecimal(argumentCount, to: &header)
        let oldHeaderEnd = resp.firstIndex(of: 13) ?? 0
        resp.replaceSubrange(0..<oldHeaderEnd, with: header)
        appendBulk(argument)
    }

    /// Writes the argument, then slides it right to make room for its `$len\r\n` header in front:
    /// no temporary buffers, whatever type the argument is.
    private mutating func appendBulk(_ argument: some RedisArgumentConvertible) {
        let start = resp.count
        argument.appendRedisArgument(to: &resp)
        let length = resp.count - start
        let digits = Self.decimalDigits(length)
        let headerSize = digits + 3  // "$" digits "\r\n"
        resp.append(contentsOf: repeatElement(0, count: headerSize + 2))
        resp.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress! + start
            if length > 0 { (base + headerSize).update(from: base, count: length) }  // overlapping move
            base[0] = UInt8(ascii: "$")
            var value = length
            for position in stride(from: digits, through: 1, by: -1) {
                base[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            base[digits + 1] = 13
            base[digits + 2] = 10
            base[headerSize + length] = 13
            base[headerSize + length + 1] = 10
        }
    }

    private static func decimalDigits(_ value: Int) -> Int {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return digits
    }

    /// Appends the decimal form of `value` without creating a String.
    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        let start = buffer.count
        var rest = magnitude
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        buffer[start...].reverse()
    }

    /// The arguments as separate byte arrays (name first), decoded from the RESP form.
    public var arguments: [[UInt8]] {
        var result: [[UInt8]] = []
        result.reserveCapacity(argumentCount)
        var index = resp.firstIndex(of: 10).map { $0 + 1 } ?? resp.endIndex  // after "*N\r\n"
        while index < resp.endIndex {
            let lineEnd = resp[index...].firstIndex(of: 13) ?? resp.endIndex  // "$len" ends at \r
            let length = Int(String(decoding: resp[(index + 1)..<lineEnd], as: UTF8.self)) ?? 0
            let start = lineEnd + 2
            result.append(Array(resp[start..<start + length]))
            index = start + length + 2
        }
        return result
    }

    /// The command name as written (e.g. `ZADD`).
    public var name: String {
        String(decoding: arguments.first ?? [], as: UTF8.self)
    }
}

extension RedisCommand {
    /// `EVALSHA sha numkeys keys... args...`. If Redis answers NOSCRIPT (cache flushed, restart,
    /// failover), the connection re-sends it as EVAL; that retry runs after the rest of its batch.
    public static func evalsha(
        _ script: RedisScript, keys: [String], arguments: [any RedisArgumentConvertible] = []
    ) -> RedisCommand {
        var list: [any RedisArgumentConvertible] = [script.sha1, keys.count]
        list.reserveCapacity(2 + keys.count + arguments.count)
        list.append(contentsOf: keys as [any RedisArgumentConvertible])
        list.append(contentsOf: arguments)
        var command = RedisCommand("EVALSHA", arguments: list)
        command.script = script
        return command
    }

    /// The same call as EVAL with the full source: the fallback after NOSCRIPT (it also caches the script).
    func evalFallback() -> RedisCommand? {
        guard let script else { return nil }
        var arguments = self.arguments
        guard arguments.count >= 2 else { return nil }
        arguments[0] = Array("EVAL".utf8)
        arguments[1] = Array(script.source.utf8)
        return RedisCommand(arguments: arguments)
    }
}
