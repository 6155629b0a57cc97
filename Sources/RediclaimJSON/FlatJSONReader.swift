/// Reads the one shape hot inputs have: a flat JSON object of escape-free strings and integers.
///
/// Anything else (nesting, escapes, fractions, exponents, leading zeros, literals, duplicate keys,
/// trailing bytes, invalid UTF-8) stops the reader, and the caller falls back to the full decoder,
/// which stays the authority on validity and on every error message. So this never accepts what the
/// full decoder would refuse, and never explains a refusal itself.
public struct FlatJSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Calls `field` with each key's raw bytes and its value, in order. False as soon as the input
    /// is not of the plain form, or `field` answers false (e.g. on a repeated key).
    public static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, _ field: (UnsafeBufferPointer<UInt8>, FlatJSONValue) -> Bool
    ) -> Bool {
        var reader = FlatJSONReader(bytes)
        return reader.object(field)
    }

    /// The whole object as a dictionary, or nil when the input is not of the plain form.
    public static func parse(_ input: some Collection<UInt8>) -> [String: FlatJSONValue]? {
        let body = { (buffer: UnsafeBufferPointer<UInt8>) -> [String: FlatJSONValue]? in
            var object: [String: FlatJSONValue] = [:]
            let ok = read(buffer) { key, value in
                guard let name = String(validating: key, as: UTF8.self), object[name] == nil else { return false }
                object[name] = value
                return true
            }
            return ok ? object : nil
        }
        if let result = input.withContiguousStorageIfAvailable(body) { return result }
        return Array(input).withUnsafeBufferPointer(body)
    }

    private mutating func object(_ field: (UnsafeBufferPointer<UInt8>, FlatJSONValue) -> Bool) -> Bool {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if take(UInt8(ascii: "}")) { return atEnd() }
        while true {
            skipSpace()
            guard let key = rawString(), String(validating: key, as: UTF8.self) != nil else { return false }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipSpace()
            let value: FlatJSONValue
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                guard let raw = rawString(), let text = String(validating: raw, as: UTF8.self) else { return false }
                value = .string(text)
            } else if let number = integer() {
                value = .integer(number)
            } else {
                return false
            }
            guard field(key, value) else { return false }
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return false }
            return atEnd()
        }
    }

    private mutating func atEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The bytes between quotes, if there are no escapes or control characters.
    private mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            if bytes[end] == UInt8(ascii: "\\") || bytes[end] < 0x20 { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        index = end + 1
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// An optional minus and 1-18 digits without a leading zero (so it always fits in Int64).
    private mutating func integer() -> Int64? {
        var cursor = index
        let negative = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "-")
        if negative { cursor += 1 }
        let digitsStart = cursor
        var value: Int64 = 0
        while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") {
            if cursor - digitsStart == 18 { return nil }
            value = value * 10 + Int64(bytes[cursor] - UInt8(ascii: "0"))
            cursor += 1
        }
        let digits = cursor - digitsStart
        guard digits > 0, !(digits > 1 && bytes[digitsStart] == UInt8(ascii: "0")) else { return nil }
        if cursor < bytes.count {
            switch bytes[cursor] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        index = cursor
        return negative ? -value : value
    }
}
