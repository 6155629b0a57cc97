/// A Lua script call as a value: the script, its keys, its arguments and the decoder of its reply,
/// so every call site gets a typed answer and the reply's shape is read in one place.
public protocol RedisScriptCommand: Sendable {
    /// What the reply decodes to.
    associatedtype Response: Sendable

    /// The script (run by EVALSHA, re-sent with EVAL on NOSCRIPT).
    static var script: RedisScript { get }
    /// Every key the script touches (Redis Cluster routes by them).
    var keys: [String] { get }
    var arguments: [any RedisArgumentConvertible] { get }
    /// Reads the script's reply; throws when it has an unexpected shape.
    static func decode(_ reply: RedisReply) throws -> Response
}

extension RedisScriptCommand {
    /// The EVALSHA command of this call.
    public var command: RedisCommand { .evalsha(Self.script, keys: keys, arguments: arguments) }
}

extension RedisClient {
    /// Runs one script call and decodes its reply. An error reply throws `.serverError`.
    public func run<Command: RedisScriptCommand>(_ call: Command) async throws -> Command.Response {
        try Command.decode(try await send(call.command))
    }

    /// Runs many calls of one script in one pipeline; each decodes on its own (an error reply or an
    /// undecodable one fails only its own call). Connection problems throw.
    public func run<Command: RedisScriptCommand>(
        _ calls: [Command]
    ) async throws(RedisError) -> [Result<Command.Response, any Error>] {
        let replies = try await pipeline(calls.map(\.command))
        return replies.map { reply in
            if case .error(let message) = reply { return .failure(RedisError.server(message)) }
            return Result { try Command.decode(reply) }
        }
    }
}

/// A script reply of named fields, `{name1, value1, name2, value2, ...}`, read by name: a script and
/// its decoder cannot drift apart silently, since a missing field is an error naming it.
public struct RedisScriptFields: Sendable {
    public let script: String
    private let fields: [(String, RedisReply)]

    public init(_ reply: RedisReply, script: String) throws(RedisError) {
        self.script = script
        guard let items = reply.array, items.count % 2 == 0 else {
            throw RedisError(.unexpectedReply, "script \(script) answered an unexpected shape", detail: "\(reply)")
        }
        var fields: [(String, RedisReply)] = []
        fields.reserveCapacity(items.count / 2)
        var index = 0
        while index < items.count {
            guard let name = items[index].string else {
                throw RedisError(.unexpectedReply, "script \(script) answered a field without a name", detail: "\(reply)")
            }
            fields.append((name, items[index + 1]))
            index += 2
        }
        self.fields = fields
    }

    /// The raw value, or nil when the script did not send the field.
    public func value(_ name: String) -> RedisReply? {
        for (key, value) in fields where key == name { return value }
        return nil
    }

    public func has(_ name: String) -> Bool { value(name) != nil }

    public func string(_ name: String) throws(RedisError) -> String {
        guard let text = value(name)?.string else { throw missing(name, "a string") }
        return text
    }

    public func int(_ name: String) throws(RedisError) -> Int {
        guard let number = value(name)?.int else { throw missing(name, "an integer") }
        return number
    }

    public func array(_ name: String) throws(RedisError) -> [RedisReply] {
        guard case .array(let items)? = value(name) else { throw missing(name, "an array") }
        return items
    }

    /// A value parsed by `parse`, which answers nil for text it cannot read.
    public func parsed<T>(_ name: String, as what: String, _ parse: (String) -> T?) throws(RedisError) -> T {
        guard let text = value(name)?.string, let parsed = parse(text) else { throw missing(name, what) }
        return parsed
    }

    public func missing(_ name: String, _ what: String) -> RedisError {
        RedisError(
            .unexpectedReply, "script \(script) answered without \(what) in field \(name)",
            detail: fields.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
    }
}
