import Foundation
import JWTKit
import Logging
import RediclaimCore
import Synchronization

/// Verifies a shop's JWT and returns the user id it names: the signature (HS256 with the shared secret,
/// RS256/ES256 with the JWKS file's keys, rotated without a restart), `exp` required, `nbf` and `iat`
/// honoured with a leeway, optional `iss` and `aud`, and the configured claim as a valid user id.
public final class TokenVerifier: Sendable {
    let settings: TokenSettings
    let logger: Logger
    private let state: Mutex<State>

    struct State {
        var keys: JWTKeyCollection
        var jwks: JWKSFile?
        var checkedAt: ContinuousClock.Instant
    }

    /// Reads the keys once; a missing or unreadable JWKS file, or no key at all, is an error here.
    public init(settings: TokenSettings, logger: Logger) async throws {
        self.settings = settings
        self.logger = logger
        var jwks = settings.jwksFile.map(JWKSFile.init(path:))
        if let secret = settings.hmacSecret, secret.utf8.count < TokenSettings.minimumSecretBytes {
            throw IdentityError(.noKeys, "the JWT secret must be at least \(TokenSettings.minimumSecretBytes) bytes")
        }
        guard settings.hmacSecret != nil || jwks != nil else {
            throw IdentityError(.noKeys, "set a JWT secret (HS256) or a JWKS file (RS256/ES256)")
        }
        var loaded: JWKS?
        if let file = jwks {
            do {
                loaded = try file.read()
                jwks?.stamp = file.currentStamp()
            } catch {
                throw IdentityError(.noKeys, "cannot read the JWKS file \(file.path)", detail: "\(error)")
            }
        }
        let keys = try await Self.collection(secret: settings.hmacSecret, jwks: loaded)
        state = Mutex(State(keys: keys, jwks: jwks, checkedAt: .now))
    }

    static func collection(secret: String?, jwks: JWKS?) async throws -> JWTKeyCollection {
        let keys = JWTKeyCollection()
        if let secret { await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256) }
        if let jwks {
            do {
                try await keys.add(jwks: jwks)
            } catch {
                throw IdentityError(.noKeys, "the JWKS file holds a key this gate cannot use", detail: "\(error)")
            }
        }
        return keys
    }

    /// The user id a valid token names.
    public func user(token: String, now: Date = Date()) async throws(IdentityError) -> String {
        guard !token.isEmpty, token.utf8.count <= 8_192 else { throw IdentityError(.invalid, "invalid token") }
        let keys = await currentKeys()
        let claims: TokenClaims
        do {
            claims = try await keys.verify(token, as: TokenClaims.self)
        } catch {
            throw IdentityError(.invalid, "invalid token", detail: "\(error)")
        }
        return try check(claims, now: now)
    }

    func check(_ claims: TokenClaims, now: Date) throws(IdentityError) -> String {
        let leeway = Double(settings.leeway.components.seconds)
        let seconds = now.timeIntervalSince1970
        guard let exp = claims.number("exp") else { throw IdentityError(.expired, "the token has no expiry (exp)") }
        guard seconds < exp + leeway else { throw IdentityError(.expired, "the token has expired") }
        if let nbf = claims.number("nbf"), seconds + leeway < nbf {
            throw IdentityError(.notYetValid, "the token is not valid yet (nbf)")
        }
        if let iat = claims.number("iat"), seconds + leeway < iat {
            throw IdentityError(.notYetValid, "the token was issued in the future (iat)")
        }
        if let issuer = settings.issuer, claims.string("iss") != issuer {
            throw IdentityError(.wrongAudience, "the token's issuer is not accepted")
        }
        if let audience = settings.audience, !claims.strings("aud").contains(audience) {
            throw IdentityError(.wrongAudience, "the token is not meant for this gate (aud)")
        }
        guard let user = claims.string(settings.claim) else {
            throw IdentityError(.badClaim, "the token has no \(settings.claim) claim")
        }
        do {
            try Validate.userId(user, field: settings.claim)
        } catch {
            throw IdentityError(.badClaim, error.message)
        }
        return user
    }

    /// The key set, re-read first when the JWKS file changed (looked at every `jwksCheckInterval`).
    func currentKeys() async -> JWTKeyCollection {
        let now = ContinuousClock.now
        let (keys, due): (JWTKeyCollection, JWKSFile?) = state.withLock { state in
            guard let file = state.jwks, now - state.checkedAt >= settings.jwksCheckInterval else { return (state.keys, nil) }
            state.checkedAt = now
            return (state.keys, file.currentStamp() != file.stamp ? file : nil)
        }
        guard let file = due else { return keys }
        do {
            let jwks = try file.read()
            let fresh = try await Self.collection(secret: settings.hmacSecret, jwks: jwks)
            let stamp = file.currentStamp()
            state.withLock {
                $0.keys = fresh
                $0.jwks?.stamp = stamp
            }
            logger.notice("JWKS reloaded", metadata: ["identity.jwks": "\(file.path)", "identity.keys": "\(jwks.keys.count)"])
            return fresh
        } catch {
            // Keep the last good keys: a half-written file must not lock every user out.
            logger.error("JWKS file unreadable; keeping the previous keys", metadata: ["identity.jwks": "\(file.path)", "identity.error": "\(error)"])
            return keys
        }
    }
}
