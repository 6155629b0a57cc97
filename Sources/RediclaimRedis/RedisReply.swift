/// A typed Redis reply (RESP2).
public enum RedisReply: Sendable, Hashable {
    /// A simple string such as `OK` or `PONG`.
    case status(String)
    /// An error reply; `send` throws it, `pipeline` keeps it in place.
    case error(String)
    case integer(Int)
    /// A bulk string: arbitrary bytes.
    case bulk([UInt8])
    /// A nil bulk string or nil array.
    case null
    case array([RedisReply])
}

extension RedisReply {
    /// The integer, also parsed from a bulk or status string (e.g. `GET` of a counter).
    public var int: Int? {
        switch self {
        case .integer(let value): value
        case .bulk(let bytes): Int(String(decoding: bytes, as: UTF8.self))
        case .status(let text): Int(text)
        default: nil
        }
    }

    /// A bulk or status string as text; nil when it is not valid UTF-8 or not a string.
    public var string: String? {
        switch self {
        case .status(let text): text
        case .bulk(let bytes): String(validating: bytes, as: UTF8.self)
        case .integer(let value): String(value)
        default: nil
        }
    }

    /// The raw bytes of a bulk or status string.
    public var bytes: [UInt8]? {
        switch self {
        case .bulk(let bytes): bytes
        case .status(let text): Array(text.utf8)
        default: nil
        }
    }

    /// A floating-point value from a bulk string (e.g. `ZSCORE`) or an integer.
    public var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .bulk, .status: string.flatMap(Double.init)
        default: nil
        }
    }

    public var array: [RedisReply]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The server's message when this is an error reply.
    public var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }
}
