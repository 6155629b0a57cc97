import Foundation

/// A parsed JSON document (rendered manifests arrive as JSON), navigable with subscripts that
/// return `.null` for anything missing.
enum JSONValue: Sendable, Equatable, Decodable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    subscript(key: String) -> JSONValue {
        if case .object(let fields) = self { return fields[key] ?? .null }
        return .null
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var int: Int? {
        if case .number(let value) = self, value == value.rounded() { return Int(value) }
        return nil
    }

    /// Elements of an array; empty for anything else.
    var array: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }

    /// Fields of an object; empty for anything else.
    var fields: [String: JSONValue] {
        if case .object(let fields) = self { return fields }
        return [:]
    }

    var isNull: Bool { self == .null }

    /// A scalar as Kubernetes would write it in a string field ("8080", "true").
    var scalarText: String? {
        switch self {
        case .string(let value): value
        case .number(let value): value == value.rounded() ? String(Int(value)) : String(value)
        case .bool(let value): String(value)
        default: nil
        }
    }
}
