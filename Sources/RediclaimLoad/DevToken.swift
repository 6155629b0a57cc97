import Crypto
import Foundation

/// HS256 JWTs as a shop's login would sign them, minted up front so the run spends no CPU on them.
/// For load tests against a gate in jwt mode; production tokens come from the shop.
enum DevToken {
    static func hs256(secret: String, user: String, now: Int, lifetime: Int = 3_600) -> String {
        Minter(secret: secret, now: now, lifetime: lifetime).token(user: user)
    }

    /// The key and the header made once: a million tokens take seconds, not minutes (Foundation's
    /// base64 and string replacing were most of the cost).
    struct Minter {
        let key: SymmetricKey
        let header: [UInt8]
        let now: Int
        let lifetime: Int

        init(secret: String, now: Int, lifetime: Int = 3_600) {
            key = SymmetricKey(data: Data(secret.utf8))
            header = DevToken.base64URL(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
            self.now = now
            self.lifetime = lifetime
        }

        func token(user: String) -> String {
            var input = header
            input.append(UInt8(ascii: "."))
            input += DevToken.base64URL(Array(#"{"sub":"\#(user)","iat":\#(now),"exp":\#(now + lifetime)}"#.utf8))
            let mac = HMAC<SHA256>.authenticationCode(for: input, using: key)
            input.append(UInt8(ascii: "."))
            input += DevToken.base64URL(Array(mac))
            return String(decoding: input, as: UTF8.self)
        }
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Unpadded base64url (RFC 4648 §5).
    static func base64URL(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var i = 0
        while i + 2 < bytes.count {
            let n = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
            out += [alphabet[n >> 18], alphabet[n >> 12 & 63], alphabet[n >> 6 & 63], alphabet[n & 63]]
            i += 3
        }
        if bytes.count - i == 1 {
            let n = Int(bytes[i]) << 16
            out += [alphabet[n >> 18], alphabet[n >> 12 & 63]]
        } else if bytes.count - i == 2 {
            let n = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8
            out += [alphabet[n >> 18], alphabet[n >> 12 & 63], alphabet[n >> 6 & 63]]
        }
        return out
    }
}
