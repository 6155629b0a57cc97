/// The one error type of RediclaimCore: invalid input, naming the bad field, with a message safe to show.
///
/// Every Core error is a client input problem: the gate answers it `400 INVALID_REQUEST` with `message`;
/// `detail` carries the underlying cause for logs only.
public struct RediclaimError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of problem the input has.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A value is present but breaks a rule (range, length, format).
        case invalidValue = "INVALID_VALUE"
        /// A required field is absent or null.
        case missingField = "MISSING_FIELD"
        /// A field has the wrong JSON type (e.g. a string where a number belongs).
        case wrongType = "WRONG_TYPE"
        /// The bytes are not JSON at all (or not a JSON object).
        case malformedJSON = "MALFORMED_JSON"
        /// One object names the same key twice.
        case duplicateKey = "DUPLICATE_KEY"
        /// A message carries a `"v"` this build does not read.
        case unsupportedVersion = "UNSUPPORTED_VERSION"
    }

    public let code: Code
    /// Dotted path of the bad field (`"coupon.percent"`), or nil when the whole input is bad.
    public let field: String?
    /// Human message, safe to return to a client.
    public let message: String
    /// Underlying cause (e.g. a DecodingError's text), for logs; may be nil.
    public let detail: String?

    public init(_ code: Code, field: String?, message: String, detail: String? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.detail = detail
    }

    public var description: String { message }

    public var debugDescription: String {
        var text = "RediclaimError(\(code.rawValue)"
        if let field { text += ", field: \(field)" }
        text += ", message: \(message)"
        if let detail { text += ", detail: \(detail)" }
        return text + ")"
    }

    /// Shorthand for a rule violation on one field.
    static func invalid(_ field: String, _ message: String) -> RediclaimError {
        RediclaimError(.invalidValue, field: field, message: message)
    }

    /// Quotes client input for a message, cut to 40 characters so a huge value cannot bloat a response.
    static func quote(_ text: String) -> String {
        let limit = 40
        guard text.count > limit else { return "\"\(text)\"" }
        return "\"\(text.prefix(limit))…\""
    }
}
