/// What a token must be to identify a user: the keys and the claim checks.
public struct TokenSettings: Sendable {
    /// HS256 key shared with the shop's login; nil when only public keys are used.
    public var hmacSecret: String?
    /// JWKS file of RS256/ES256 public keys; nil for none. Re-read when it changes.
    public var jwksFile: String?
    /// The claim holding the user id.
    public var claim = "sub"
    /// Required `iss`, or nil.
    public var issuer: String?
    /// Required `aud` (one of the token's audiences), or nil.
    public var audience: String?
    /// Clock skew allowed on `exp`, `nbf` and `iat`.
    public var leeway: Duration = .seconds(30)
    /// How often the JWKS file's modification time is looked at.
    public var jwksCheckInterval: Duration = .seconds(2)

    /// Shorter HMAC keys can be brute-forced offline from one token.
    public static let minimumSecretBytes = 32

    public init() {}
}
