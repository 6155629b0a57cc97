import Foundation
import HummingbirdTesting
import RediclaimCore
import RediclaimGate
import Testing

@Suite("GET /rank contract", .timeLimit(.minutes(1)))
struct RankContractTests {
    @Test("200 WAITING with rank and ahead, by header or by query ticket")
    func waiting() async throws {
        let f = try await GateFixture()
        try await f.publish()
        try await f.test { client async throws in
            _ = try await client.enqueue("u-1")
            let ticket = try #require(try await client.enqueue("u-2").string("ticket"))
            let answer = try await client.rank("u-2", ticket: ticket)
            #expect(answer.status == 200)
            #expect(answer.string("status") == "WAITING")
            #expect(answer.int("rank") == 2)
            #expect(answer.int("ahead") == 1)
            #expect(answer.int("pollAfterMs") != nil)
            #expect(answer.int("estimatedWaitSeconds") != nil)
            let byQuery = try await client.call(.get, "/rank?eventId=1001&userId=u-2&ticket=\(ticket)")
            #expect(byQuery.int("rank") == 2)
        }
    }

    @Test("missing, malformed, forged and foreign tickets are all 401 with the same message")
    func unauthorized() async throws {
        let f = try await GateFixture()
        try await f.publish()
        try await f.test { client async throws in
            let mine = try #require(try await client.enqueue("u-1").string("ticket"))
            _ = try await client.enqueue("u-2")
            let missing = try await client.rank("u-1", ticket: nil)
            #expect(missing.status == 401)
            var forged = mine
            forged.removeLast()
            forged.append(mine.last == "A" ? "B" : "A")
            var messages: Set<String> = []
            for (user, ticket) in [("u-1", "garbage"), ("u-1", forged), ("u-2", mine), ("u-3", mine)] {
                let answer = try await client.rank(user, ticket: ticket)
                #expect(answer.status == 401, "\(user) \(ticket)")
                #expect(answer.errorCode == "UNAUTHORIZED")
                messages.insert(answer.errorMessage ?? "")
            }
            // u-2 is queued and u-3 is not: the answers must not tell them apart.
            #expect(messages.count == 1)
        }
    }

    @Test("bad query parameters are 400")
    func badQuery() async throws {
        let f = try await GateFixture()
        try await f.publish()
        try await f.test { client async throws in
            #expect(try await client.call(.get, "/rank?userId=u").status == 400)
            #expect(try await client.call(.get, "/rank?eventId=1001").status == 400)
            #expect(try await client.call(.get, "/rank?eventId=x&userId=u").status == 400)
            #expect(try await client.call(.get, "/rank?eventId=1001&userId=a%20b").status == 400)
        }
    }

    @Test("RELEASED, then ISSUED with the coupon, from the issuer's result")
    func releasedThenIssued() async throws {
        let f = try await GateFixture()
        try await f.publish()
        try await f.test { client async throws in
            let ticket = try #require(try await client.enqueue("u-1").string("ticket"))
            for _ in 0..<50 {
                if try await !f.room.release(eventId: 1001, tickMs: 100, maxBatch: 10).released.isEmpty { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let released = try await client.rank("u-1", ticket: ticket)
            #expect(released.string("status") == "RELEASED")
            #expect(released.int("rank") == 0)
            let expires: Int64 = 1_800_000_000_000
            try await f.room.record([
                try IssueResult.issued(
                    requestId: "1001:u-1", eventId: 1001, userId: "u-1", couponCode: "ABCDEF-GHJKMN-PQRSTU",
                    expiresAt: expires, issuedAt: nil)
            ])
            let issued = try await client.rank("u-1", ticket: ticket)
            #expect(issued.string("status") == "ISSUED")
            let coupon = try #require(issued["coupon"] as? [String: Any])
            #expect(coupon["code"] as? String == "ABCDEF-GHJKMN-PQRSTU")
            #expect(coupon["expiresAt"] as? String == Timestamps.iso8601(Timestamps.date(epochMillis: expires)))
        }
    }

    @Test("waiting users see SOLD_OUT once the stock is released; a valid ticket of an absent user is 404 NOT_IN_QUEUE")
    func soldOutAndNotInQueue() async throws {
        let f = try await GateFixture()
        try await f.publish(stock: 1, rate: 1_000)
        try await f.test { client async throws in
            _ = try await client.enqueue("u-1")
            let ticket2 = try #require(try await client.enqueue("u-2").string("ticket"))
            // A ticket signed for a user who never queued (as after a Redis data loss).
            let ghost = f.gate.settings.signer.sign(TicketClaims(eventId: 1001, userId: "ghost", seq: 9, issuedAt: 0, expiresAt: 4_000_000_000))
            let notQueued = try await client.rank("ghost", ticket: ghost)
            #expect(notQueued.status == 404)
            #expect(notQueued.errorCode == "NOT_IN_QUEUE")
            for _ in 0..<50 {
                if try await !f.room.release(eventId: 1001, tickMs: 100, maxBatch: 10).released.isEmpty { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let soldOut = try await client.rank("u-2", ticket: ticket2)
            #expect(soldOut.status == 200)
            #expect(soldOut.string("status") == "SOLD_OUT")
            #expect(try await client.enqueue("u-3").status == 410)
        }
    }
}
