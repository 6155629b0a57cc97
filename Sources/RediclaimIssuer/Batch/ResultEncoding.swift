import RediclaimCore

/// `IssueResult` as the same bytes `MessageCodec` writes (sorted keys, slashes unescaped), built
/// directly: JSONEncoder was a fifth of the issuer's CPU at full speed. A unit test holds the two
/// byte for byte.
enum ResultEncoding {
    static func encode(_ result: IssueResult) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(200)
        out.append(UInt8(ascii: "{"))
        if let coupon = result.coupon {
            field("couponCode", &out)
            string(coupon.code, &out)
            out.append(UInt8(ascii: ","))
        }
        field("eventId", &out)
        out += String(result.eventId).utf8
        if let coupon = result.coupon {
            out.append(UInt8(ascii: ","))
            field("expiresAt", &out)
            out += String(coupon.expiresAt).utf8
            if let issuedAt = coupon.issuedAt {
                out.append(UInt8(ascii: ","))
                field("issuedAt", &out)
                out += String(issuedAt).utf8
            }
        }
        out.append(UInt8(ascii: ","))
        field("requestId", &out)
        string(result.requestId, &out)
        out.append(UInt8(ascii: ","))
        field("status", &out)
        string(result.status.rawValue, &out)
        out.append(UInt8(ascii: ","))
        field("userId", &out)
        string(result.userId, &out)
        out.append(UInt8(ascii: ","))
        field("v", &out)
        out += String(IssueResult.version).utf8
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func field(_ name: StaticString, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A JSON string: quote, backslash and control characters escaped as JSONEncoder does.
    static func string(_ text: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
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
}
