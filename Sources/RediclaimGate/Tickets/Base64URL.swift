import Foundation

/// Unpadded base64url (RFC 4648 section 5), for tokens that travel in URLs and headers.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        s += String(repeating: "=", count: (4 - s.count % 4) % 4)
        guard let bytes = Data(base64Encoded: s).map(Array.init) else { return nil }
        // Only the canonical spelling: the last character's unused bits must not give a second valid ticket.
        return encode(bytes) == text ? bytes : nil
    }
}
