import Foundation

/// A Swift value that can be bound as a statement parameter.
public protocol MySQLEncodable: Sendable {
    /// The value as sent to the server.
    var mysqlData: MySQLData { get }
}

/// A Swift value that can be read from a result column.
public protocol MySQLDecodable: Sendable {
    /// Returns nil when `mysqlData` cannot be represented (the row names the column in the error).
    init?(mysqlData: MySQLData)
}

/// Both directions.
public typealias MySQLCodable = MySQLEncodable & MySQLDecodable

extension MySQLData: MySQLCodable {
    public var mysqlData: MySQLData { self }
    public init?(mysqlData: MySQLData) { self = mysqlData }
}

extension Optional: MySQLEncodable where Wrapped: MySQLEncodable {
    public var mysqlData: MySQLData { self?.mysqlData ?? .null }
}

extension Optional: MySQLDecodable where Wrapped: MySQLDecodable {
    /// NULL decodes as `nil`; any other value must decode as `Wrapped`.
    public init?(mysqlData: MySQLData) {
        if case .null = mysqlData {
            self = .none
            return
        }
        guard let wrapped = Wrapped(mysqlData: mysqlData) else { return nil }
        self = .some(wrapped)
    }
}

/// Shared integer decoding: exact conversions only, never silent truncation.
private func exactInteger<T: FixedWidthInteger>(_ data: MySQLData) -> T? {
    switch data {
    case .int(let value): T(exactly: value)
    case .uint(let value): T(exactly: value)
    case .decimal(let text): T(text)
    default: nil
    }
}

extension Int64: MySQLCodable {
    public var mysqlData: MySQLData { .int(self) }
    public init?(mysqlData: MySQLData) {
        guard let value: Int64 = exactInteger(mysqlData) else { return nil }
        self = value
    }
}

extension Int: MySQLCodable {
    public var mysqlData: MySQLData { .int(Int64(self)) }
    public init?(mysqlData: MySQLData) {
        guard let value: Int = exactInteger(mysqlData) else { return nil }
        self = value
    }
}

extension Int32: MySQLCodable {
    public var mysqlData: MySQLData { .int(Int64(self)) }
    public init?(mysqlData: MySQLData) {
        guard let value: Int32 = exactInteger(mysqlData) else { return nil }
        self = value
    }
}

extension Int16: MySQLCodable {
    public var mysqlData: MySQLData { .int(Int64(self)) }
    public init?(mysqlData: MySQLData) {
        guard let value: Int16 = exactInteger(mysqlData) else { return nil }
        self = value
    }
}

extension Int8: MySQLCodable {
    public var mysqlData: MySQLData { .int(Int64(self)) }
    public init?(mysqlData: MySQLData) {
        guard let value: Int8 = exactInteger(mysqlData) else { return nil }
        self = value
    }
}

extension UInt64: MySQLCodable {
    public var mysqlData: MySQLData { .uint(self) }
    public init?(mysqlData: MySQLData) {
        guard let value: UInt64 = exactInteger(mysqlData) else { return nil }
        self = value
    }
}

extension UInt: MySQLCodable {
    public var mysqlData: MySQLData { .uint(UInt64(self)) }
    public init?(mysqlData: MySQLData) {
        guard let value: UInt = exactInteger(mysqlData) else { return nil }
        self = value
    }
}

extension UInt32: MySQLCodable {
    public var mysqlData: MySQLData { .uint(UInt64(self)) }
    public init?(mysqlData: MySQLData) {
        guard let value: UInt32 = exactInteger(mysqlData) else { return nil }
        self = value
    }
}

extension UInt8: MySQLCodable {
    public var mysqlData: MySQLData { .uint(UInt64(self)) }
    public init?(mysqlData: MySQLData) {
        guard let value: UInt8 = exactInteger(mysqlData) else { return nil }
        self = value
    }
}

extension Bool: MySQLCodable {
    /// Sent as 1 or 0 (BOOL is TINYINT(1) in MySQL).
    public var mysqlData: MySQLData { .int(self ? 1 : 0) }
    public init?(mysqlData: MySQLData) {
        switch mysqlData {
        case .int(let value): self = value != 0
        case .uint(let value): self = value != 0
        default: return nil
        }
    }
}

extension Double: MySQLCodable {
    public var mysqlData: MySQLData { .double(self) }
    public init?(mysqlData: MySQLData) {
        switch mysqlData {
        case .double(let value): self = value
        case .int(let value): self = Double(value)
        case .uint(let value): self = Double(value)
        case .decimal(let text):
            guard let value = Double(text) else { return nil }
            self = value
        default: return nil
        }
    }
}

extension String: MySQLCodable {
    public var mysqlData: MySQLData { .string(self) }
    /// Reads text, DECIMAL text, and bytes that are valid UTF-8.
    public init?(mysqlData: MySQLData) {
        switch mysqlData {
        case .string(let text), .decimal(let text): self = text
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
            self = text
        default: return nil
        }
    }
}

extension Array: MySQLEncodable, MySQLDecodable where Element == UInt8 {
    public var mysqlData: MySQLData { .bytes(self) }
    public init?(mysqlData: MySQLData) {
        switch mysqlData {
        case .bytes(let bytes): self = bytes
        case .string(let text): self = Array(text.utf8)
        default: return nil
        }
    }
}

extension Data: MySQLCodable {
    public var mysqlData: MySQLData { .bytes([UInt8](self)) }
    public init?(mysqlData: MySQLData) {
        guard let bytes = [UInt8](mysqlData: mysqlData) else { return nil }
        self = Data(bytes)
    }
}

extension Date: MySQLCodable {
    /// Sent as a UTC DATETIME with microseconds; the column's precision decides what is kept.
    public var mysqlData: MySQLData { .date(self) }
    public init?(mysqlData: MySQLData) {
        guard case .date(let date) = mysqlData else { return nil }
        self = date
    }
}

extension Decimal: MySQLCodable {
    /// Sent as exact text, so no binary floating point is involved.
    public var mysqlData: MySQLData { .decimal(description) }
    public init?(mysqlData: MySQLData) {
        let posix = Locale(identifier: "en_US_POSIX")
        switch mysqlData {
        case .decimal(let text), .string(let text):
            guard let value = Decimal(string: text, locale: posix) else { return nil }
            self = value
        case .int(let value): self = Decimal(value)
        case .uint(let value): self = Decimal(value)
        default: return nil
        }
    }
}
