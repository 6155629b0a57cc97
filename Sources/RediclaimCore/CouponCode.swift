/// A coupon code such as `NASDUR-ZVSPYJ-2VGTZG`: 17 random symbols (84 bits) plus one check symbol,
/// from a 31-symbol alphabet without look-alikes (no 0/O, 1/I/L), shown in three groups of six.
public struct CouponCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The symbols, in value order: 2-9 and A-Z without I, L, O. 31 is prime, which the check needs.
    public static let alphabet: [Character] = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    /// Random symbols per code: 17 × log2(31) ≈ 84.2 bits.
    public static let randomLength = 17
    /// Symbols per code, check symbol included.
    public static let length = randomLength + 1
    /// Symbols per dash-separated group.
    public static let groupLength = 6

    /// The canonical form: uppercase, no separators (`NASDURZVSPYJ2VGTZG`).
    public let compact: String

    private init(compact: String) {
        self.compact = compact
    }

    /// Reads a code typed by a person: case-insensitive, dashes and spaces ignored.
    /// The error says whether the length, a symbol or the check symbol is wrong.
    public init(validating text: String) throws(RediclaimError) {
        let normalized = Self.normalize(text)
        if normalized.isEmpty {
            throw .invalid("couponCode", "coupon code must not be empty")
        }
        var values: [Int] = []
        values.reserveCapacity(Self.length)
        for scalar in normalized.unicodeScalars {
            guard let value = Self.value(of: scalar) else {
                throw .invalid("couponCode", "coupon code contains \(Validate.describe(scalar)), which codes never use")
            }
            values.append(value)
        }
        if values.count != Self.length {
            throw .invalid(
                "couponCode", "coupon code must have \(Self.length) characters (got \(values.count))")
        }
        if !CouponChecksum.isValid(values) {
            throw .invalid("couponCode", "coupon code is not valid (check character mismatch: probably a typo)")
        }
        self.init(compact: normalized)
    }

    /// A fresh code from `generator` (inject a seeded one in tests).
    public static func generate(using generator: inout some RandomNumberGenerator) -> CouponCode {
        var values: [Int] = []
        values.reserveCapacity(length)
        for _ in 0..<randomLength {
            values.append(Int(generator.next(upperBound: UInt64(alphabet.count))))
        }
        values.append(CouponChecksum.checkValue(for: values))
        return CouponCode(compact: String(values.map { alphabet[$0] }))
    }

    /// A fresh code from the system CSPRNG.
    public static func generate() -> CouponCode {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// Uppercases and drops dashes and whitespace; does not check anything else.
    public static func normalize(_ text: String) -> String {
        String(text.uppercased().filter { $0 != "-" && !$0.isWhitespace })
    }

    /// The code `text` reads as, or an error saying what is wrong (same as `init(validating:)`).
    public static func validate(_ text: String) throws(RediclaimError) -> CouponCode {
        try CouponCode(validating: text)
    }

    /// Whether `text` reads as a valid code (see `init(validating:)`).
    public static func isValid(_ text: String) -> Bool {
        (try? CouponCode(validating: text)) != nil
    }

    /// The form shown to people and stored: `NASDUR-ZVSPYJ-2VGTZG`.
    public var formatted: String {
        var text = ""
        for (offset, character) in compact.enumerated() {
            if offset > 0, offset % Self.groupLength == 0 { text.append("-") }
            text.append(character)
        }
        return text
    }

    public var description: String { formatted }

    public static func < (lhs: CouponCode, rhs: CouponCode) -> Bool { lhs.compact < rhs.compact }

    /// ASCII code -> symbol value (-1: not a symbol); validation runs per typed code, so no searching.
    private static let symbolValues: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (value, character) in alphabet.enumerated() {
            table[Int(character.asciiValue!)] = Int8(value)
        }
        return table
    }()

    static func value(of scalar: Unicode.Scalar) -> Int? {
        guard scalar.value < 128 else { return nil }
        let value = symbolValues[Int(scalar.value)]
        return value < 0 ? nil : Int(value)
    }
}

/// Encodes as the formatted string; decoding validates.
extension CouponCode: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(validating: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(formatted)
    }
}
