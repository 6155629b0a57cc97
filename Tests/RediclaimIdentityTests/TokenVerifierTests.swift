import Foundation
import JWTKit
import Logging
import Testing

@testable import RediclaimIdentity

/// The shop's JWTs, checked without servers: signatures, algorithms, times, audience, claim, JWKS rotation.
@Suite("Token verification (no servers)", .timeLimit(.minutes(1)))
struct TokenVerifierTests {
    static let secret = "identity-test-secret-0123456789abcdef"
    static let logger = Logger(label: "identity-test")
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func settings(_ edit: (inout TokenSettings) -> Void = { _ in }) -> TokenSettings {
        var settings = TokenSettings()
        settings.hmacSecret = Self.secret
        settings.leeway = .seconds(30)
        edit(&settings)
        return settings
    }

    /// A token with `claims` (numbers as epoch seconds), signed by `keys`.
    func sign(_ claims: [String: TokenClaims.Value], with keys: JWTKeyCollection? = nil, kid: String? = nil) async throws -> String {
        let collection: JWTKeyCollection
        if let keys {
            collection = keys
        } else {
            collection = JWTKeyCollection()
            await collection.add(hmac: HMACKey(from: Self.secret), digestAlgorithm: .sha256)
        }
        return try await collection.sign(TokenClaims(claims), kid: kid.map { JWKIdentifier(string: $0) })
    }

    func standard(user: String = "u-42", exp: Double? = nil) -> [String: TokenClaims.Value] {
        ["sub": .string(user), "iat": .number(now.timeIntervalSince1970), "exp": .number(exp ?? now.timeIntervalSince1970 + 600)]
    }

    @Test("a valid HS256 token names its user; the minter's tokens are accepted")
    func valid() async throws {
        let verifier = try await TokenVerifier(settings: settings(), logger: Self.logger)
        #expect(try await verifier.user(token: try await sign(standard()), now: now) == "u-42")
        let minted = try await TokenMinter(secret: Self.secret).token(user: "u-7", now: now)
        #expect(try await verifier.user(token: minted, now: now) == "u-7")
    }

    @Test("expiry is required and judged with the leeway")
    func expiry() async throws {
        let verifier = try await TokenVerifier(settings: settings(), logger: Self.logger)
        var noExp = standard()
        noExp["exp"] = nil
        await #expect(throws: IdentityError(.expired, "the token has no expiry (exp)")) {
            try await verifier.user(token: try await sign(noExp), now: now)
        }
        let expired = try await sign(standard(exp: now.timeIntervalSince1970 - 31))
        await #expect(throws: IdentityError(.expired, "the token has expired")) { try await verifier.user(token: expired, now: now) }
        let withinLeeway = try await sign(standard(exp: now.timeIntervalSince1970 - 10))
        #expect(try await verifier.user(token: withinLeeway, now: now) == "u-42")
    }

    @Test("nbf and iat in the future are refused beyond the leeway")
    func notYet() async throws {
        let verifier = try await TokenVerifier(settings: settings(), logger: Self.logger)
        var early = standard()
        early["nbf"] = .number(now.timeIntervalSince1970 + 120)
        await #expect(throws: IdentityError.self) { try await verifier.user(token: try await sign(early), now: now) }
        var future = standard()
        future["iat"] = .number(now.timeIntervalSince1970 + 120)
        await #expect(throws: IdentityError(.notYetValid, "the token was issued in the future (iat)")) {
            try await verifier.user(token: try await sign(future), now: now)
        }
        var skewed = standard()
        skewed["nbf"] = .number(now.timeIntervalSince1970 + 20)
        #expect(try await verifier.user(token: try await sign(skewed), now: now) == "u-42")
    }

    @Test("iss and aud are checked when configured; aud may be a list")
    func audience() async throws {
        let verifier = try await TokenVerifier(
            settings: settings {
                $0.issuer = "https://shop.example"
                $0.audience = "rediclaim"
            }, logger: Self.logger)
        var good = standard()
        good["iss"] = .string("https://shop.example")
        good["aud"] = .strings(["other", "rediclaim"])
        #expect(try await verifier.user(token: try await sign(good), now: now) == "u-42")
        var wrongIssuer = good
        wrongIssuer["iss"] = .string("https://evil.example")
        await #expect(throws: IdentityError.self) { try await verifier.user(token: try await sign(wrongIssuer), now: now) }
        var wrongAudience = good
        wrongAudience["aud"] = .string("someone-else")
        await #expect(throws: IdentityError(.wrongAudience, "the token is not meant for this gate (aud)")) {
            try await verifier.user(token: try await sign(wrongAudience), now: now)
        }
    }

    @Test("the configured claim holds the user id, and it must be a valid user id")
    func claim() async throws {
        let verifier = try await TokenVerifier(settings: settings { $0.claim = "uid" }, logger: Self.logger)
        var claims = standard()
        claims["uid"] = .string("shop-user-9")
        #expect(try await verifier.user(token: try await sign(claims), now: now) == "shop-user-9")
        await #expect(throws: IdentityError(.badClaim, "the token has no uid claim")) {
            try await verifier.user(token: try await sign(standard()), now: now)
        }
        claims["uid"] = .string("bad user")
        await #expect(throws: IdentityError.self) { try await verifier.user(token: try await sign(claims), now: now) }
    }

    @Test("a wrong key, a changed payload, alg none, garbage and oversized tokens are invalid", arguments: [
        "", "garbage", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1LTQyIiwiZXhwIjo0MDAwMDAwMDAwfQ.",
        String(repeating: "a", count: 9_000),
    ])
    func invalid(token: String) async throws {
        let verifier = try await TokenVerifier(settings: settings(), logger: Self.logger)
        await #expect(throws: IdentityError.self) { try await verifier.user(token: token, now: now) }
    }

    @Test("a token signed with another secret, or with its payload swapped, is refused")
    func forged() async throws {
        let verifier = try await TokenVerifier(settings: settings(), logger: Self.logger)
        let other = JWTKeyCollection()
        await other.add(hmac: HMACKey(from: "another-secret-entirely-0123456789abcdef"), digestAlgorithm: .sha256)
        await #expect(throws: IdentityError.self) { try await verifier.user(token: try await sign(standard(), with: other), now: now) }
        let genuine = try await sign(standard())
        let victim = try await sign(standard(user: "victim"))
        let parts = genuine.split(separator: ".")
        let swapped = "\(parts[0]).\(victim.split(separator: ".")[1]).\(parts[2])"
        await #expect(throws: IdentityError(.invalid, "invalid token")) { try await verifier.user(token: swapped, now: now) }
    }

    @Test("ES256 keys from a JWKS file; a rotated file is picked up without a restart, a broken one keeps the old keys")
    func jwksRotation() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keys.json").path
        let first = ES256PrivateKey()
        let second = ES256PrivateKey()
        func jwks(_ keys: [(String, ES256PrivateKey)]) throws -> Data {
            let entries = keys.map { kid, key in
                ["kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": kid, "x": key.parameters!.x, "y": key.parameters!.y]
            }
            return try JSONSerialization.data(withJSONObject: ["keys": entries])
        }
        try jwks([("k1", first)]).write(to: URL(fileURLWithPath: path))
        let verifier = try await TokenVerifier(
            settings: settings {
                $0.hmacSecret = nil
                $0.jwksFile = path
                $0.jwksCheckInterval = .zero
            }, logger: Self.logger)
        let signers = JWTKeyCollection()
        await signers.add(ecdsa: first, kid: JWKIdentifier(string: "k1"))
        await signers.add(ecdsa: second, kid: JWKIdentifier(string: "k2"))
        let byFirst = try await sign(standard(), with: signers, kid: "k1")
        let bySecond = try await sign(standard(), with: signers, kid: "k2")
        #expect(try await verifier.user(token: byFirst, now: now) == "u-42")
        await #expect(throws: IdentityError.self) { try await verifier.user(token: bySecond, now: now) }

        // Rotation: k2 in, k1 out. A different size or mtime is enough to reload.
        try jwks([("k2", second)]).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: path)
        #expect(try await verifier.user(token: bySecond, now: now) == "u-42")
        await #expect(throws: IdentityError.self) { try await verifier.user(token: byFirst, now: now) }

        // A half-written file must not lock everyone out.
        try Data("{\"keys\": [".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: path)
        #expect(try await verifier.user(token: bySecond, now: now) == "u-42")
    }

    @Test("with public keys only, an HS256 token (the algorithm-confusion attack) is refused")
    func algorithmConfusion() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keys.json").path
        let key = ES256PrivateKey()
        let entry = ["kty": "EC", "crv": "P-256", "alg": "ES256", "kid": "k1", "x": key.parameters!.x, "y": key.parameters!.y]
        try JSONSerialization.data(withJSONObject: ["keys": [entry]]).write(to: URL(fileURLWithPath: path))
        let verifier = try await TokenVerifier(
            settings: settings {
                $0.hmacSecret = nil
                $0.jwksFile = path
            }, logger: Self.logger)
        // HMAC keyed with the public key's own text, as the classic attack does.
        let attacker = JWTKeyCollection()
        await attacker.add(hmac: HMACKey(from: key.parameters!.x + key.parameters!.y), digestAlgorithm: .sha256, kid: JWKIdentifier(string: "k1"))
        await #expect(throws: IdentityError.self) {
            try await verifier.user(token: try await sign(standard(), with: attacker, kid: "k1"), now: now)
        }
    }

    @Test("start-up refuses no keys, a short secret and an unreadable JWKS file")
    func setupErrors() async {
        await #expect(throws: IdentityError.self) {
            _ = try await TokenVerifier(settings: settings { $0.hmacSecret = nil }, logger: Self.logger)
        }
        await #expect(throws: IdentityError.self) {
            _ = try await TokenVerifier(settings: settings { $0.hmacSecret = "short" }, logger: Self.logger)
        }
        await #expect(throws: IdentityError.self) {
            _ = try await TokenVerifier(settings: settings { $0.jwksFile = "/nonexistent/keys.json" }, logger: Self.logger)
        }
    }
}
