import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@testable import RediclaimGate

@Suite("POST /dev/sign-in (the local demo's sign-in)", .timeLimit(.minutes(2)))
struct DevSignInTests {
    static let jwt = ["gate.identity.mode=jwt", "gate.host=127.0.0.1"]

    @Test("off by default: the route does not exist and the page says so")
    func off() async throws {
        let f = try await GateFixture(overrides: Self.jwt)
        try await f.publish(id: 1001)
        try await f.test { client in
            let answer = try await client.call(.post, "/dev/sign-in", body: "{}")
            #expect(answer.status == 404 && answer.errorCode == "NOT_FOUND")
            #expect(try await client.page("/wait/1001").data("dev-sign-in") == "0")
        }
    }

    @Test("on: each call is a new guest whose token the gate accepts on /enqueue, then /rank with the ticket")
    func on() async throws {
        let f = try await GateFixture(overrides: Self.jwt + ["gate.page.devSignIn=true"])
        try await f.publish(id: 1001)
        try await f.test { client in
            #expect(try await client.page("/wait/1001").data("dev-sign-in") == "1")
            let first = try await client.call(.post, "/dev/sign-in", body: "{}")
            let second = try await client.call(.post, "/dev/sign-in", body: "{}")
            #expect(first.status == 200)
            #expect(first.headers[.cacheControl] == "no-store")
            let user = try #require(first.string("userId"))
            #expect(user.hasPrefix("guest-"))
            #expect(user != second.string("userId"))
            let token = try #require(first.string("token"))
            let enqueued = try await client.call(
                .post, "/enqueue", body: #"{"eventId":1001}"#, headers: [.authorization: "Bearer \(token)"])
            #expect(enqueued.status == 202)
            #expect(enqueued.string("userId") == user)
            let rank = try await client.rank(user, ticket: enqueued.string("ticket"))
            #expect(rank.status == 200 && rank.string("status") == "WAITING")
            // A form post (no JSON) is refused like every other POST.
            let form = try await client.call(.post, "/dev/sign-in", body: "a=b", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == 415)
        }
    }
}
