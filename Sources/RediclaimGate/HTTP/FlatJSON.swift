/// A fast reader for the one shape hot requests have: a flat JSON object of strings and integers.
/// Anything else (nesting, escapes, fractions, duplicates) gives nil, and the caller falls back to
/// `JSONDecoder`, which also produces the precise error messages. So this never accepts what
/// JSONDecoder would refuse, and never explains a refusal itself.
enum FlatJSON {
    enum Value: Equatable {
        case string(String)
        case integer(Int64)
    }

    static func parse(_ bytes: some Collection<UInt8>) -> [String: Value]? {
        let b = Array(bytes)
        var i = 0
        func skipSpace() { while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }
        func string() -> String? {
            guard i < b.count, b[i] == 0x22 else { return nil }
            i += 1
            let start = i
            while i < b.count, b[i] != 0x22 {
                // Escapes and control characters: leave them to the full decoder.
                if b[i] == 0x5C || b[i] < 0x20 { return nil }
                i += 1
            }
            guard i < b.count else { return nil }
            defer { i += 1 }
            return String(validating: b[start..<i], as: UTF8.self)
        }
        func integer() -> Int64? {
            let start = i
            if i < b.count, b[i] == 0x2D { i += 1 }
            let digits = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            guard i > digits, i - digits <= 18 else { return nil }
            // A leading zero, a fraction or an exponent is JSONDecoder's business.
            if b[digits] == 0x30 && i - digits > 1 { return nil }
            if i < b.count, b[i] == 0x2E || b[i] == 0x65 || b[i] == 0x45 { return nil }
            return Int64(String(decoding: b[start..<i], as: UTF8.self))
        }
        var object: [String: Value] = [:]
        skipSpace()
        guard i < b.count, b[i] == 0x7B else { return nil }
        i += 1
        skipSpace()
        if i < b.count, b[i] == 0x7D {
            i += 1
        } else {
            while true {
                skipSpace()
                guard let key = string(), object[key] == nil else { return nil }
                skipSpace()
                guard i < b.count, b[i] == 0x3A else { return nil }
                i += 1
                skipSpace()
                guard i < b.count else { return nil }
                if b[i] == 0x22 {
                    guard let s = string() else { return nil }
                    object[key] = .string(s)
                } else {
                    guard let n = integer() else { return nil }
                    object[key] = .integer(n)
                }
                skipSpace()
                guard i < b.count else { return nil }
                if b[i] == 0x2C { i += 1; continue }
                guard b[i] == 0x7D else { return nil }
                i += 1
                break
            }
        }
        skipSpace()
        return i == b.count ? object : nil
    }
}
