/// A small JSON writer for the hot endpoints: no reflection, no intermediate dictionaries.
struct JSONWriter {
    private(set) var text = ""
    private var needsComma = false

    init() { text.reserveCapacity(256) }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        text += "{"
        needsComma = false
        body(&self)
        text += "}"
        needsComma = true
    }

    mutating func object(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name)
        object(body)
    }

    mutating func field(_ name: String, _ value: String) {
        key(name)
        Self.appendString(value, to: &text)
        needsComma = true
    }

    mutating func field(_ name: String, _ value: some BinaryInteger) {
        key(name)
        text += String(value)
        needsComma = true
    }

    mutating func field(_ name: String, _ value: Double) {
        key(name)
        text += value.isFinite ? String(value) : "null"
        needsComma = true
    }

    mutating func field(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
        needsComma = true
    }

    private mutating func key(_ name: String) {
        if needsComma { text += "," }
        Self.appendString(name, to: &text)
        text += ":"
        needsComma = false
    }

    static func appendString(_ value: String, to out: inout String) {
        out += "\""
        // Ids, tickets and codes never need escaping: append them whole.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
