/// Finds a key that appears twice in one object, anywhere in a JSON document.
///
/// JSONDecoder keeps one of the values silently; the contract says duplicate keys are invalid, so
/// the full decoding path asks this first. Malformed input answers nil: the decoder reports that.
public enum JSONDuplicateKeys {
    /// Deeper documents are left to the decoder's own limit.
    static let maxDepth = 64

    public static func first(in input: some Collection<UInt8>) -> String? {
        let body = { (buffer: UnsafeBufferPointer<UInt8>) -> String? in
            var scanner = Scanner(bytes: buffer)
            return scanner.value(depth: 0)
        }
        if let result = input.withContiguousStorageIfAvailable(body) { return result }
        return Array(input).withUnsafeBufferPointer(body)
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Set when the input stops making sense; the scan then gives up quietly.
        var broken = false

        /// Scans one value; returns the first duplicate key found inside it.
        mutating func value(depth: Int) -> String? {
            skipSpace()
            guard index < bytes.count, depth < maxDepth else { return fail() }
            switch bytes[index] {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""):
                _ = string()
                return nil
            default:
                // Numbers and literals: skip to the next structural byte.
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: return nil
                    default: index += 1
                    }
                }
                return nil
            }
        }

        mutating func object(depth: Int) -> String? {
            index += 1
            var seen: Set<[UInt8]> = []
            skipSpace()
            if take(UInt8(ascii: "}")) { return nil }
            while !broken {
                skipSpace()
                guard let key = string() else { return fail() }
                if !seen.insert(key).inserted { return String(decoding: key, as: UTF8.self) }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return fail() }
                if let duplicate = value(depth: depth + 1) { return duplicate }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                if take(UInt8(ascii: "}")) { return nil }
                return fail()
            }
            return nil
        }

        mutating func array(depth: Int) -> String? {
            index += 1
            skipSpace()
            if take(UInt8(ascii: "]")) { return nil }
            while !broken {
                if let duplicate = value(depth: depth + 1) { return duplicate }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                if take(UInt8(ascii: "]")) { return nil }
                return fail()
            }
            return nil
        }

        /// A string's content with escapes decoded (so `"a"` and `"\u0061"` are the same key).
        mutating func string() -> [UInt8]? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return out
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "u"):
                        guard let scalar = unicodeEscape() else { return nil }
                        out += Array(String(Character(scalar)).utf8)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    default: out.append(escaped)
                    }
                default: out.append(byte)
                }
            }
            return nil
        }

        /// `XXXX` after `\u`, joining a surrogate pair when one follows.
        mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let high = hex4() else { return nil }
            if (0xD800..<0xDC00).contains(high), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                bytes[index + 1] == UInt8(ascii: "u")
            {
                index += 2
                guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            }
            return Unicode.Scalar(high) ?? Unicode.Scalar(0xFFFD)
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                index += 1
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func fail() -> String? {
            broken = true
            return nil
        }
    }
}
