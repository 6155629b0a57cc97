import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RediclaimIdentity

/// The gate's answer to "who is asking", built from `IdentityPlan` at start-up.
public enum IdentitySource: Sendable {
    /// A JWT from the shop's login, in `Authorization: Bearer`.
    case token(TokenVerifier)
    /// A header set by an authenticating proxy, believed only from the trusted proxies.
    case header(name: HTTPField.Name, trusted: TrustedNetworks)
    /// Development only: whatever the body says.
    case body

    /// Loads the keys (JWT mode) and warns loudly in body mode.
    public static func make(_ plan: IdentityPlan, logger: Logger) async throws -> IdentitySource {
        switch plan {
        case .token(let settings):
            return .token(try await TokenVerifier(settings: settings, logger: logger))
        case .header(let name, let trusted):
            return .header(name: name, trusted: trusted)
        case .body:
            logger.warning(
                "gate.identity.mode=body: the gate believes the userId in the body, so anyone can queue as anyone and read their coupon; development only")
            return .body
        }
    }

    /// The verified user of this request, or nil in body mode (the body's `userId` stands).
    func user(of request: Request, peer: [UInt8]?) async throws(APIError) -> String? {
        switch self {
        case .token(let verifier):
            guard let token = Self.bearer(request.headers[.authorization]) else {
                throw APIError(.unauthorized, "a bearer token from the shop's login is required (Authorization: Bearer <token>)")
            }
            do {
                return try await verifier.user(token: token)
            } catch {
                var answer = APIError(.unauthorized, error.message)
                answer.headers[.wwwAuthenticate] = #"Bearer error="invalid_token""#
                throw answer
            }
        case .header(let name, let trusted):
            guard let value = request.headers[name] else {
                throw APIError(.unauthorized, "the request carries no identity (the authenticating proxy sets \(name))")
            }
            guard let peer, trusted.contains(peer) else {
                throw APIError(.unauthorized, "the identity header is not accepted from this address")
            }
            return value
        case .body:
            return nil
        }
    }

    /// The token of `Bearer <token>` (scheme case-insensitive), or nil.
    static func bearer(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
