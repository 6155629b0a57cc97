import Crypto
import Foundation

/// HS256 JWTs as a shop's login would sign them, minted up front so the run spends no CPU on them.
/// For load tests against a gate in jwt mode; production tokens come from the shop.
enum DevToken {
    static func hs256(secret: String, user: String, now: Int, lifetime: Int = 3_600) -> String {
        let header = base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = base64URL(Data(#"{"sub":"\#(user)","iat":\#(now),"exp":\#(now + lifetime)}"#.utf8))
        let input = "\(header).\(payload)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "\(input).\(base64URL(Data(mac)))"
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
