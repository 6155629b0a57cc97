extension RediclaimError {
    /// Names the field and the problem of a `DecodingError`; the original text goes to `detail`.
    /// A RediclaimError wrapped by the decoder (Yams wraps errors thrown in `init(from:)`) comes back as is.
    /// `format` names the input in messages ("JSON", "YAML").
    public init(decodingError error: DecodingError, format: String = "JSON") {
        if let wrapped = Self.wrapped(in: error) {
            self = wrapped
            return
        }
        let detail = String(describing: error)
        switch error {
        case .keyNotFound(let key, let context):
            let field = Self.path(context.codingPath + [key]) ?? key.stringValue
            self.init(.missingField, field: field, message: "missing field \(field)", detail: detail)
        case .valueNotFound(let type, let context):
            let field = Self.path(context.codingPath) ?? "value"
            self.init(
                .missingField, field: field, message: "\(field) must be \(Self.describe(type)), not null",
                detail: detail)
        case .typeMismatch(let type, let context):
            let field = Self.path(context.codingPath)
            let subject = field ?? "input"
            self.init(
                .wrongType, field: field, message: "\(subject) must be \(Self.describe(type))", detail: detail)
        case .dataCorrupted(let context):
            if let field = Self.path(context.codingPath) {
                self.init(.invalidValue, field: field, message: "\(field) has an invalid value", detail: detail)
            } else {
                self.init(.malformedJSON, field: nil, message: "input is not valid \(format)", detail: detail)
            }
        @unknown default:
            self.init(.malformedJSON, field: nil, message: "input could not be decoded", detail: detail)
        }
    }

    private static func wrapped(in error: DecodingError) -> RediclaimError? {
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
            .valueNotFound(_, let context):
            return context.underlyingError as? RediclaimError
        @unknown default:
            return nil
        }
    }

    /// `coupon.percent`, `items[2].id`; nil for the root.
    static func path(_ keys: [any CodingKey]) -> String? {
        var text = ""
        for key in keys {
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == "\(index)" {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? nil : text
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is any BinaryInteger.Type: "an integer"
        case is any BinaryFloatingPoint.Type: "a number"
        default:
            // Foundation names containers by their Swift type (Dictionary<String, Any>, Array<Any>).
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
