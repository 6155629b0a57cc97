import RediclaimCore

/// Decodes `IssueRequested` with a fast path for the plain form the gate writes (a flat object of
/// integers and escape-free strings); anything else (escapes, nesting, nulls, floats, duplicate
/// keys, errors) goes through `MessageCodec`, which stays the authority on what is valid and on
/// every error message. JSONDecoder was a fifth of the issuer's CPU at full speed.
enum RequestDecoding {
    static func decode(_ bytes: [UInt8]) throws(RediclaimError) -> IssueRequested {
        if let request = fastPath(bytes) { return request }
        return try MessageCodec().decode(IssueRequested.self, from: bytes)
    }

    private enum Value {
        case int(Int64)
        case string(String)
    }

    static func fastPath(_ bytes: [UInt8]) -> IssueRequested? {
        var fields = Fields()
        let ok = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var reader = FlatObjectReader(buffer)
            return reader.read { key, value in fields.set(key, value) }
        }
        guard ok, case .int(1)? = fields.v,
              case .string(let requestId)? = fields.requestId, case .int(let eventId)? = fields.eventId,
              case .string(let userId)? = fields.userId, case .int(let seq)? = fields.seq,
              case .int(let releasedAt)? = fields.releasedAt
        else { return nil }
        var enqueuedAt: Int64?
        switch fields.enqueuedAt {
        case nil: break
        case .int(let value)?: enqueuedAt = value
        case .string?: return nil
        }
        return try? IssueRequested(
            requestId: requestId, eventId: eventId, userId: userId, seq: seq, releasedAt: releasedAt,
            enqueuedAt: enqueuedAt)
    }

    /// The known fields; a repeated one sends the message to the full decoder.
    private struct Fields {
        var v, requestId, eventId, userId, seq, releasedAt, enqueuedAt: Value?

        mutating func set(_ key: UnsafeBufferPointer<UInt8>, _ value: Value) -> Bool {
            switch key.count {
            case 1 where key.elementsEqual("v".utf8): return Self.assign(&v, value)
            case 3 where key.elementsEqual("seq".utf8): return Self.assign(&seq, value)
            case 6 where key.elementsEqual("userId".utf8): return Self.assign(&userId, value)
            case 7 where key.elementsEqual("eventId".utf8): return Self.assign(&eventId, value)
            case 9 where key.elementsEqual("requestId".utf8): return Self.assign(&requestId, value)
            case 10 where key.elementsEqual("releasedAt".utf8): return Self.assign(&releasedAt, value)
            case 10 where key.elementsEqual("enqueuedAt".utf8): return Self.assign(&enqueuedAt, value)
            // Unknown fields are ignored, as by the codec, if their name is valid text.
            default: return String(validating: key, as: UTF8.self) != nil
            }
        }

        private static func assign(_ slot: inout Value?, _ value: Value) -> Bool {
            guard slot == nil else { return false }
            slot = value
            return true
        }
    }

    /// Reads `{"key": value, ...}` where values are integers or strings without escapes.
    private struct FlatObjectReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// False as soon as the input is not of that plain form; `accept` false stops too.
        mutating func read(_ accept: (UnsafeBufferPointer<UInt8>, Value) -> Bool) -> Bool {
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return false }
            skipSpace()
            if take(UInt8(ascii: "}")) { return atEnd() }
            while true {
                skipSpace()
                guard let key = rawString() else { return false }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipSpace()
                let value: Value
                if let text = string() {
                    value = .string(text)
                } else if let number = integer() {
                    value = .int(number)
                } else {
                    return false
                }
                guard accept(key, value) else { return false }
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
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A string with no escapes or control characters, validated as UTF-8.
        private mutating func string() -> String? {
            let saved = index
            guard let raw = rawString() else { return nil }
            guard let text = String(validating: raw, as: UTF8.self) else {
                index = saved
                return nil
            }
            return text
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

        /// An optional minus and 1-18 digits without a leading zero (so it always fits in Int64);
        /// fractions and exponents are left to the full decoder.
        private mutating func integer() -> Int64? {
            var cursor = index
            let negative = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "-")
            if negative { cursor += 1 }
            let digitsStart = cursor
            var value: Int64 = 0
            while cursor < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[cursor]) {
                if cursor - digitsStart == 18 { return nil }
                value = value * 10 + Int64(bytes[cursor] - UInt8(ascii: "0"))
                cursor += 1
            }
            let digits = cursor - digitsStart
            guard digits > 0, !(digits > 1 && bytes[digitsStart] == UInt8(ascii: "0")) else { return nil }
            if cursor < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[cursor]) {
                return nil
            }
            index = cursor
            return negative ? -value : value
        }
    }
}
