import RediclaimConfig
import Testing

@testable import RediclaimGate

@Suite("gate.page settings")
struct PageSettingsTests {
    static let base = [
        "gate.ticketSecret=\(String(repeating: "s", count: 40))", "gate.identity.jwtSecret=\(GateFixture.jwtSecret)",
    ]

    static func settings(_ overrides: [String]) throws -> GateSettings {
        try GateSettings(RediclaimConfiguration(ConfigLoader.load(environment: [:], overrides: base + overrides)))
    }

    @Test("dev sign-in is off by default")
    func offByDefault() throws {
        #expect(try Self.settings([]).page.devSignIn == false)
        #expect(try Self.settings([]).page.embedOrigins.isEmpty)
    }

    @Test("dev sign-in starts only on a loopback host, in jwt mode with an HS256 secret")
    func devSignInGuards() throws {
        for host in ["127.0.0.1", "::1", "localhost"] {
            #expect(try Self.settings(["gate.page.devSignIn=true", "gate.host=\(host)"]).page.devSignIn)
        }
        // The production default host (0.0.0.0) faces the network: refused, naming the key.
        #expect { try Self.settings(["gate.page.devSignIn=true"]) } throws: { ($0 as? ConfigError)?.key == "gate.page.devSignIn" }
        #expect { try Self.settings(["gate.page.devSignIn=true", "gate.host=10.0.0.5"]) } throws: {
            ($0 as? ConfigError)?.key == "gate.page.devSignIn"
        }
        let body = ["gate.identity.mode=body", "gate.identity.allowInsecureBody=true", "gate.host=127.0.0.1"]
        #expect { try Self.settings(body + ["gate.page.devSignIn=true"]) } throws: { ($0 as? ConfigError)?.key == "gate.page.devSignIn" }
    }

    @Test("origins are scheme://host[:port] only")
    func origins() {
        for good in ["https://shop.example", "http://127.0.0.1:9000", "https://[::1]:8443"] { #expect(PageSettings.isOrigin(good), "\(good)") }
        for bad in ["shop.example", "https://shop.example/", "ftp://x", "https://", "https://a b", "*"] {
            #expect(!PageSettings.isOrigin(bad), "\(bad)")
        }
    }
}
