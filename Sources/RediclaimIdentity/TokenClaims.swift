import JWTKit

/// Every claim of a token, read whatever their names: the user-id claim is configurable, and the time
/// and audience checks are the verifier's (with its leeway), not the payload type's.
struct TokenClaims: JWTPayload {
    enum Value: Sendable, Equatable {
        case string(String)
        case number(Double)
        case strings([String])
        case other
    }

    var values: [String: Value]

    init(_ values: [String: Value]) { self.values = values }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var values: [String: Value] = [:]
        for key in container.allKeys {
            if let text = try? container.decode(String.self, forKey: key) {
                values[key.stringValue] = .string(text)
            } else if let number = try? container.decode(Double.self, forKey: key) {
                values[key.stringValue] = .number(number)
            } else if let list = try? container.decode([String].self, forKey: key) {
                values[key.stringValue] = .strings(list)
            } else {
                values[key.stringValue] = .other
            }
        }
        self.values = values
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .string(let text): try container.encode(text, forKey: Key(stringValue: name))
            case .number(let number):
                if number == number.rounded(), abs(number) < 9e15 {
                    try container.encode(Int64(number), forKey: Key(stringValue: name))
                } else {
                    try container.encode(number, forKey: Key(stringValue: name))
                }
            case .strings(let list): try container.encode(list, forKey: Key(stringValue: name))
            case .other: break
            }
        }
    }

    /// The time and audience checks are `TokenVerifier`'s; the signature is checked before this runs.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    func string(_ name: String) -> String? {
        if case .string(let text)? = values[name] { return text }
        return nil
    }

    func number(_ name: String) -> Double? {
        if case .number(let number)? = values[name] { return number }
        return nil
    }

    /// `aud` may be one string or an array of them.
    func strings(_ name: String) -> [String] {
        switch values[name] {
        case .string(let text)?: [text]
        case .strings(let list)?: list
        default: []
        }
    }
}
