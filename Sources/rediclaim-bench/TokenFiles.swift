import ArgumentParser
import Foundation
import JWTKit

/// Files of ready-made JWTs for load tests (`scripts/bench/gate.sh`): one `userId token` per line, each
/// user distinct, signed HS256 with a shared secret or ES256 with a fresh key whose JWKS (the public
/// half) is written for the gate. Signing ahead keeps the load generator's CPU out of the measurement.
struct TokenFiles: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Writes a file of distinct users' JWTs (HS256 or ES256) for wrk.")

    @Option(help: "hs256 or es256") var algorithm = "hs256"
    @Option(help: "HS256: the gate's gate.identity.jwtSecret") var secret: String?
    @Option(help: "ES256: where to write the JWKS the gate verifies with") var jwksOut: String?
    @Option(help: "How many tokens (users)") var count = 100_000
    @Option(help: "User id prefix") var prefix = "jwt"
    @Option(help: "Token lifetime in seconds") var lifetime = 3_600
    @Option(help: "Output file: one `userId token` per line") var out: String

    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    func run() async throws {
        let keys = JWTKeyCollection()
        var kid: JWKIdentifier?
        switch algorithm {
        case "hs256":
            guard let secret, secret.utf8.count >= 32 else { throw ValidationError("--secret of >= 32 bytes is required for hs256") }
            await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        case "es256":
            guard let jwksOut else { throw ValidationError("--jwks-out is required for es256") }
            let key = ES256PrivateKey()
            guard let parameters = key.parameters else { throw ValidationError("cannot read the new key's coordinates") }
            kid = JWKIdentifier(string: "bench-es256")
            await keys.add(ecdsa: key, kid: kid)
            let jwk: [String: String] = [
                "kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": "bench-es256", "x": parameters.x, "y": parameters.y,
            ]
            try JSONSerialization.data(withJSONObject: ["keys": [jwk]], options: [.sortedKeys]).write(to: URL(fileURLWithPath: jwksOut))
        default:
            throw ValidationError("--algorithm must be hs256 or es256")
        }
        let now = Date()
        var lines = ""
        lines.reserveCapacity(count * 220)
        for i in 0..<count {
            let user = "\(prefix)-\(i)"
            let claims = Claims(
                sub: SubjectClaim(value: user), exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(lifetime))),
                iat: IssuedAtClaim(value: now))
            lines += "\(user) \(try await keys.sign(claims, kid: kid))\n"
        }
        try Data(lines.utf8).write(to: URL(fileURLWithPath: out))
        print("{\"algorithm\":\"\(algorithm)\",\"tokens\":\(count),\"out\":\"\(out)\"}")
    }
}
