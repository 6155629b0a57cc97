import Hummingbird
import RediclaimIdentity
import RediclaimJSON

/// `POST /dev/sign-in`: the local demo's stand-in for a shop's login. It signs a token for a new guest
/// with the gate's own HS256 key, so anyone who reaches it can be anyone: it exists only with
/// `gate.page.devSignIn=true`, which the gate accepts only on a loopback `gate.host`.
struct DevSignInRoute: Sendable {
    let gate: Gate

    func handle(_ request: Request, context: GateContext) async throws -> Response {
        try gate.limit(gate.ipLimiter, gate.clients.key(peer: context.peer, headers: request.headers), what: "client")
        guard gate.settings.page.devSignIn, case .token(let settings) = gate.settings.identity, let secret = settings.hmacSecret else {
            throw APIError(.notFound, "no route for POST /dev/sign-in")
        }
        let minter = await TokenMinter(secret: secret, claim: settings.claim, issuer: settings.issuer, audience: settings.audience)
        let user = "guest-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let token = try await minter.token(user: user)
        var w = JSONByteWriter()
        w.object { w in
            w.field("userId", user)
            w.field("token", token)
        }
        var response = JSONBody.response(.ok, w.bytes)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
