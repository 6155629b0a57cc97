import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RediclaimConfig
import RediclaimGate
import RediclaimIdentity
import TestSupport
import Testing

/// Who is asking (`gate.identity.mode`): the user comes from a verified JWT or a trusted proxy's header,
/// never from a stranger's say-so, and no answer carries another user's ticket or coupon.
@Suite("Identity: verified users only (Redis)", .timeLimit(.minutes(2)))
struct IdentityContractTests {
    static let jwt = ["gate.identity.mode=jwt"]

    func token(_ user: String, lifetime: Duration = .seconds(600), now: Date = Date()) async throws -> String {
        try await TokenMinter(secret: GateFixture.jwtSecret).token(user: user, lifetime: lifetime, now: now)
    }

    func enqueue(_ client: some TestClientProtocol, token: String?, body: String = #"{"eventId":1001}"#) async throws -> Answer {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.call(.post, "/enqueue", body: body, headers: headers)
    }

    @Test("jwt mode: the token names the user; no token, a bad one or an expired one is 401 with WWW-Authenticate")
    func jwtMode() async throws {
        let f = try await GateFixture(overrides: Self.jwt)
        try await f.publish()
        let good = try await token("u-42")
        let expired = try await token("u-42", lifetime: .seconds(60), now: Date().addingTimeInterval(-3_600))
        try await f.test { client async throws in
            let ok = try await enqueue(client, token: good)
            #expect(ok.status == 202)
            #expect(ok.string("userId") == "u-42")
            let same = try await enqueue(client, token: good, body: #"{"eventId":1001,"userId":"u-42"}"#)
            #expect(same.status == 202)
            #expect(same.string("ticket") == ok.string("ticket"))

            let missing = try await enqueue(client, token: nil)
            #expect(missing.status == 401)
            #expect(missing.errorCode == "UNAUTHORIZED")
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            for bad in ["garbage", good + "x", expired] {
                let refused = try await enqueue(client, token: bad)
                #expect(refused.status == 401)
                #expect(refused.headers[.wwwAuthenticate] == #"Bearer error="invalid_token""#)
            }
            let basic = try await client.call(
                .post, "/enqueue", body: #"{"eventId":1001}"#, headers: [.authorization: "Basic dTpw"])
            #expect(basic.status == 401)
        }
    }

    @Test("a third party never gets another user's ticket or coupon: 403 with no ticket, whatever they try")
    func thirdParty() async throws {
        let f = try await GateFixture(overrides: Self.jwt)
        try await f.publish()
        let victim = try await token("victim")
        let attacker = try await token("attacker")
        try await f.test { client async throws in
            let joined = try await enqueue(client, token: victim)
            let victimTicket = try #require(joined.string("ticket"))
            // The victim is issued a coupon.
            _ = try await f.room.release(eventId: 1001, tickMs: 1_000, maxBatch: 10)
            try await f.room.record([
                try .issued(requestId: "1001:victim", eventId: 1001, userId: "victim", couponCode: "SECRET-COUPON-CODE", expiresAt: 4_000_000_000_000)
            ])
            // The old attack: a repeat enqueue naming the victim.
            let claimed = try await enqueue(client, token: attacker, body: #"{"eventId":1001,"userId":"victim"}"#)
            #expect(claimed.status == 403)
            #expect(claimed.errorCode == "FORBIDDEN")
            #expect(claimed["ticket"] == nil && claimed["coupon"] == nil)
            // No token at all, as before.
            let anonymous = try await client.call(.post, "/enqueue", body: #"{"eventId":1001,"userId":"victim"}"#)
            #expect(anonymous.status == 401)
            #expect(anonymous["coupon"] == nil)
            // The attacker's own ticket for the victim's place, or a guessed one.
            let own = try #require(try await enqueue(client, token: attacker).string("ticket"))
            for ticket in [own, "v2.k1.1.0.4000000000.AAAAAAAAAAAAAAAAAAAAAA", attacker] {
                let peek = try await client.rank("victim", ticket: ticket)
                #expect(peek.status == 401)
                #expect(peek["coupon"] == nil)
            }
            // The victim still sees their coupon.
            let mine = try await client.rank("victim", ticket: victimTicket)
            #expect((mine["coupon"] as? [String: Any])?["code"] as? String == "SECRET-COUPON-CODE")
        }
    }

    @Test("an expired ticket is 401 TICKET_EXPIRED; enqueuing again (same place) gives a fresh one")
    func ticketExpiry() async throws {
        let f = try await GateFixture(overrides: Self.jwt)
        try await f.publish()
        let good = try await token("u-1")
        try await f.test { client async throws in
            let joined = try await enqueue(client, token: good)
            let ticket = try #require(joined.string("ticket"))
            let parts = ticket.split(separator: ".")
            let seq = try #require(Int64(parts[2]))
            let issuedAt = try #require(Int64(parts[3]))
            let stale = f.gate.settings.signer.sign(
                TicketClaims(eventId: 1001, userId: "u-1", seq: seq, issuedAt: issuedAt, expiresAt: Int64(Date().timeIntervalSince1970) - 1))
            let expired = try await client.rank("u-1", ticket: stale)
            #expect(expired.status == 401)
            #expect(expired.errorCode == "TICKET_EXPIRED")
            let again = try await enqueue(client, token: good)
            #expect(again.int("rank") == joined.int("rank"))
            let renewed = try #require(again.string("ticket"))
            #expect(try await client.rank("u-1", ticket: renewed).status == 200)
        }
    }

    @Test("body mode starts only with gate.identity.allowInsecureBody; jwt mode needs a key; header mode trusted proxies")
    func startupChecks() throws {
        func settings(_ overrides: [String]) throws -> GateSettings {
            try GateSettings(
                RediclaimConfiguration(
                    ConfigLoader.load(environment: [:], overrides: ["gate.ticketSecret=\(String(repeating: "s", count: 40))"] + overrides)))
        }
        #expect(throws: ConfigError.self) { try settings(["gate.identity.mode=body"]) }
        #expect(throws: ConfigError.self) { try settings(["gate.identity.mode=jwt"]) }
        #expect(throws: ConfigError.self) { try settings(["gate.identity.jwtSecret=short"]) }
        #expect(throws: ConfigError.self) { try settings(["gate.identity.mode=header"]) }
        #expect(throws: ConfigError.self) { try settings(["gate.identity.mode=header", "gate.identity.trustedProxies=not-an-ip"]) }
        #expect(throws: ConfigError.self) { try settings(["gate.identity.jwtSecret=\(GateFixture.jwtSecret)", "gate.adminToken=short"]) }
        _ = try settings(["gate.identity.mode=body", "gate.identity.allowInsecureBody=true"])
        _ = try settings(["gate.identity.mode=header", "gate.identity.trustedProxies=10.0.0.0/8,::1"])
        _ = try settings(["gate.identity.jwtSecret=\(GateFixture.jwtSecret)"])
    }

    @Test("header mode: the header is believed from a trusted proxy, refused from anyone else")
    func headerMode() async throws {
        let trusted = try await GateFixture(overrides: [
            "gate.identity.mode=header", "gate.identity.trustedProxies=127.0.0.1/32", "gate.host=127.0.0.1", "gate.port=0",
        ])
        try await trusted.publish()
        try await trusted.live { port in
            let ok = try await TestHTTP.request(
                "POST", "http://127.0.0.1:\(port)/enqueue", body: #"{"eventId":1001}"#,
                headers: ["Content-Type": "application/json", "X-Rediclaim-User": "proxy-user"])
            #expect(ok.status == 202)
            #expect(ok.json["userId"] as? String == "proxy-user")
            let none = try await TestHTTP.request(
                "POST", "http://127.0.0.1:\(port)/enqueue", body: #"{"eventId":1001}"#, headers: ["Content-Type": "application/json"])
            #expect(none.status == 401)
        }
        let untrusted = try await GateFixture(overrides: [
            "gate.identity.mode=header", "gate.identity.trustedProxies=10.0.0.0/8", "gate.host=127.0.0.1", "gate.port=0",
        ])
        try await untrusted.publish()
        try await untrusted.live { port in
            let refused = try await TestHTTP.request(
                "POST", "http://127.0.0.1:\(port)/enqueue", body: #"{"eventId":1001}"#,
                headers: ["Content-Type": "application/json", "X-Rediclaim-User": "anyone"])
            #expect(refused.status == 401)
            #expect(refused.errorCode == "UNAUTHORIZED")
        }
    }
}
