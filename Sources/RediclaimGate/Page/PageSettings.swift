import RediclaimConfig

/// The waiting-room page's settings (`gate.page.*`), checked at start-up.
public struct PageSettings: Sendable {
    /// Shop origins allowed to frame the page and post it a token; none means the page cannot be framed.
    public var embedOrigins: [String]
    /// The local demo's sign-in: `POST /dev/sign-in` mints a token for a new guest.
    public var devSignIn: Bool

    init(_ gate: RediclaimConfiguration.Gate, identity: IdentityPlan) throws {
        for origin in gate.page.embedOrigins where !Self.isOrigin(origin) {
            throw ConfigError(key: "gate.page.embedOrigins", "'\(origin)' is not an origin like https://shop.example")
        }
        embedOrigins = gate.page.embedOrigins
        devSignIn = gate.page.devSignIn
        guard devSignIn else { return }
        // Anyone who reaches the route can be anyone: it must never face a network.
        guard case .token(let token) = identity, token.hmacSecret != nil else {
            throw ConfigError(key: "gate.page.devSignIn", "needs gate.identity.mode=jwt with gate.identity.jwtSecret (it signs the guests' tokens)")
        }
        guard Self.loopbackHosts.contains(gate.host) else {
            throw ConfigError(
                key: "gate.page.devSignIn",
                "lets anyone sign in as anyone, so it runs only on a loopback gate.host (127.0.0.1, ::1, localhost), not '\(gate.host)'")
        }
    }

    static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "localhost"]

    /// `scheme://host[:port]` and nothing else: what a browser puts in `MessageEvent.origin`.
    static func isOrigin(_ value: String) -> Bool {
        guard let schemeEnd = value.range(of: "://") else { return false }
        let scheme = value[..<schemeEnd.lowerBound]
        let rest = value[schemeEnd.upperBound...]
        return (scheme == "https" || scheme == "http") && !rest.isEmpty
            && rest.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" || $0 == "[" || $0 == "]" }
    }
}
