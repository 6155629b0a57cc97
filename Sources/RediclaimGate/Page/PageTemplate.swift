/// Fills `{{name}}` with HTML-escaped text and `{{{name}}}` with markup built by the gate itself, in
/// one pass, so a value that looks like a placeholder (an event named `{{texts}}`) stays text.
struct PageTemplate: Sendable {
    let source: String

    func render(_ values: [String: String], raw: [String: String] = [:]) -> String {
        var out = ""
        out.reserveCapacity(source.utf8.count * 2)
        var rest = source[...]
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let isRaw = rest[open.upperBound...].hasPrefix("{")
            let nameStart = isRaw ? rest.index(after: open.upperBound) : open.upperBound
            let closing = isRaw ? "}}}" : "}}"
            guard let close = rest[nameStart...].range(of: closing) else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = String(rest[nameStart..<close.lowerBound])
            if isRaw, let value = raw[name] {
                out += value
            } else if !isRaw, let value = values[name] {
                out += Self.escape(value)
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    /// Safe inside element text and inside double- or single-quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
