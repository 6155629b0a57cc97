/// Why a token did not prove who is asking. `message` is safe to show the client; `detail` is for logs.
public struct IdentityError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// No token, or not a bearer token.
        case missing
        /// Not a JWT, a bad signature, an unknown key or an algorithm we do not accept.
        case invalid
        /// `exp` has passed (beyond the leeway), or is absent.
        case expired
        /// `nbf` or `iat` lies in the future (beyond the leeway).
        case notYetValid
        /// `iss` or `aud` is not the configured one.
        case wrongAudience
        /// The user-id claim is absent or not a valid user id.
        case badClaim
        /// The verifier is not set up (no key at all).
        case noKeys
    }

    public let code: Code
    public let message: String
    public let detail: String?

    public init(_ code: Code, _ message: String, detail: String? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
    }

    public var description: String { "IdentityError(\(code.rawValue)): \(message)" + (detail.map { " [\($0)]" } ?? "") }

    public static func == (a: IdentityError, b: IdentityError) -> Bool { a.code == b.code && a.message == b.message }
}
