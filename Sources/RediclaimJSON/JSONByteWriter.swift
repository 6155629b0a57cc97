/// Writes compact JSON straight into bytes: no reflection, no intermediate dictionaries.
///
/// Strings are escaped exactly as `JSONEncoder` does with `.withoutEscapingSlashes`, so a message
/// written here equals, byte for byte, what the Codable path writes with sorted keys.
public struct JSONByteWriter: Sendable {
    public private(set) var bytes: [UInt8]
    private var needsComma = false

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The bytes as text (for logs and tests).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func object(_ body: (inout JSONByteWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    public mutating func object(_ name: String, _ body: (inout JSONByteWriter) -> Void) {
        key(name)
        object(body)
    }

    /// An array whose elements `body` writes with the `element` methods.
    public mutating func array(_ name: String? = nil, _ body: (inout JSONByteWriter) -> Void) {
        if let name { key(name) } else { separate() }
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// An object as the next array element.
    public mutating func element(_ body: (inout JSONByteWriter) -> Void) {
        separate()
        object(body)
    }

    public mutating func element(_ value: String) {
        separate()
        Self.appendString(value, to: &bytes)
        needsComma = true
    }

    public mutating func field(_ name: String, _ value: String) {
        key(name)
        Self.appendString(value, to: &bytes)
        needsComma = true
    }

    public mutating func field(_ name: String, _ value: some BinaryInteger) {
        key(name)
        Self.appendDecimal(value, to: &bytes)
        needsComma = true
    }

    public mutating func field(_ name: String, _ value: Double) {
        key(name)
        bytes += (value.isFinite ? String(value) : "null").utf8
        needsComma = true
    }

    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bytes += (value ? "true" : "false").utf8
        needsComma = true
    }

    public mutating func null(_ name: String) {
        key(name)
        bytes += "null".utf8
        needsComma = true
    }

    private mutating func open(_ byte: UInt8) {
        bytes.append(byte)
        needsComma = false
    }

    private mutating func close(_ byte: UInt8) {
        bytes.append(byte)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func key(_ name: String) {
        separate()
        Self.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A JSON string: quote, backslash and control characters escaped as `JSONEncoder` does.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            plain = false
            break
        }
        // Ids, tickets and codes never need escaping: append them whole.
        if plain {
            out += text.utf8
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                out += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The decimal form of `value`, without creating a String.
    public static func appendDecimal(_ value: some BinaryInteger, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        } while rest > 0
        out[start...].reverse()
    }
}
