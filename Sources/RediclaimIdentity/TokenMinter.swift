import Foundation
import JWTKit

/// Signs HS256 tokens the way a shop's login would: for local development (`rediclaimctl token`), the
/// tests and the load generators. Production tokens come from the shop, never from here.
public struct TokenMinter: Sendable {
    let keys: JWTKeyCollection
    let claim: String
    let issuer: String?
    let audience: String?

    public init(secret: String, claim: String = "sub", issuer: String? = nil, audience: String? = nil) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.claim = claim
        self.issuer = issuer
        self.audience = audience
    }

    /// A token for `user`, valid from `now` for `lifetime`.
    public func token(user: String, lifetime: Duration = .seconds(3_600), now: Date = Date()) async throws -> String {
        let issued = now.timeIntervalSince1970.rounded(.down)
        var values: [String: TokenClaims.Value] = [
            claim: .string(user), "iat": .number(issued), "exp": .number(issued + Double(lifetime.components.seconds)),
        ]
        if let issuer { values["iss"] = .string(issuer) }
        if let audience { values["aud"] = .string(audience) }
        return try await keys.sign(TokenClaims(values))
    }
}
