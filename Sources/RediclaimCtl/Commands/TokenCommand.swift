import ArgumentParser
import Foundation
import RediclaimConfig
import RediclaimIdentity

/// `rediclaimctl token --user u-42`: a development JWT, signed with `gate.identity.jwtSecret` the way the
/// shop's login would sign one, so the local gate (jwt mode) accepts it. Only the token goes to stdout.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a development JWT for a user (HS256, signed with gate.identity.jwtSecret).",
        discussion: """
            For local development and load tests: production tokens come from the shop's login. The secret, \
            claim, issuer and audience are read like the gate reads them (file, environment, --set), so the \
            token matches the gate running with the same settings. scripts/run.sh keeps the local secret in \
            .run/local.env: `source .run/local.env` first.
            """)

    @OptionGroup var config: ConfigOptions
    @Option(help: "The user id the token names") var user: String
    @Option(help: "How long it is valid: 30m, 2h, 3600 (seconds)") var ttl = "1h"

    func run() async throws {
        let settings = try config.load()
        guard let secret = settings.gate.identity.jwtSecret?.value, !secret.isEmpty else {
            throw ValidationError(
                "gate.identity.jwtSecret is not set: `source .run/local.env` (scripts/run.sh writes it) or set REDICLAIM_GATE_IDENTITY_JWT_SECRET")
        }
        guard secret.utf8.count >= TokenSettings.minimumSecretBytes else {
            throw ValidationError("gate.identity.jwtSecret must be at least \(TokenSettings.minimumSecretBytes) bytes")
        }
        let milliseconds = try ReconcileCommand.duration(ttl, "--ttl")
        guard milliseconds >= 1_000 else { throw ValidationError("--ttl must be at least 1s") }
        let identity = settings.gate.identity
        let minter = await TokenMinter(
            secret: secret, claim: identity.claim, issuer: identity.issuer.isEmpty ? nil : identity.issuer,
            audience: identity.audience.isEmpty ? nil : identity.audience)
        do {
            print(try await minter.token(user: user, lifetime: .milliseconds(milliseconds)))
        } catch {
            throw ValidationError("cannot sign a token for '\(user)': \(error)")
        }
    }
}
