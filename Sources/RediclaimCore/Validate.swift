/// Identifier rules shared by the gate, the issuer and the tools.
public enum Validate {
    /// Longest accepted user id, in characters.
    public static let userIdMaxLength = 64

    /// Accepts 1...64 characters of `[A-Za-z0-9._:@-]`; the error says which rule broke.
    public static func userId(_ value: String, field: String = "userId") throws(RediclaimError) {
        if value.isEmpty {
            throw .invalid(field, "\(field) must not be empty")
        }
        let count = value.unicodeScalars.count
        if count > userIdMaxLength {
            throw .invalid(field, "\(field) is too long: \(count) characters, at most \(userIdMaxLength) allowed")
        }
        for (offset, scalar) in value.unicodeScalars.enumerated() where !isUserIdScalar(scalar) {
            throw .invalid(
                field,
                "\(field) contains \(describe(scalar)) at position \(offset + 1); "
                    + "allowed are letters A-Z a-z, digits 0-9 and . _ : @ -")
        }
    }

    /// Accepts a positive 64-bit event id.
    public static func eventId(_ value: Int64, field: String = "eventId") throws(RediclaimError) {
        if value <= 0 {
            throw .invalid(field, "\(field) must be a positive integer (got \(value))")
        }
    }

    /// Parses a positive event id from text (a path or query parameter).
    public static func eventId(parsing text: String, field: String = "eventId") throws(RediclaimError) -> Int64 {
        guard let value = Int64(text) else {
            throw .invalid(field, "\(field) must be a positive integer")
        }
        try eventId(value, field: field)
        return value
    }

    static func isUserIdScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", ".", "_", ":", "@", "-": true
        default: false
        }
    }

    /// Quotes printable ASCII; names anything else by code point so messages stay readable and safe.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.isASCII, scalar.value >= 0x21, scalar.value < 0x7F {
            return "'\(scalar)'"
        }
        if scalar == " " { return "a space" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
