import Foundation
import RediclaimCore
import RediclaimMySQL
import TestSupport
import Testing

@testable import RediclaimStore

@Suite("Coupon writer against MariaDB", .timeLimit(.minutes(1)))
struct CouponWriterTests {
    func requests(_ users: [String], event: Int64 = 1001) throws -> [IssueRequested] {
        try users.map { try IssueRequested(eventId: event, userId: $0, seq: 1, releasedAt: 1) }
    }

    @Test("a redelivered batch finds its rows: same codes and times, no second count")
    func redelivery() async throws {
        try await TestServers.withDatabase { client, _ in
            try await IssuerTestStack.createEvent(client, stock: 3, validDays: 5)
            let writer = CouponWriter(client: client, logger: IssuerTestStack.logger("writer"))
            let batch = try requests(["a", "b", "c", "d"])
            let first = try await writer.write(batch)
            let second = try await writer.write(batch)
            #expect(first.inserted == 3 && second.inserted == 0)
            #expect(first.coupons == second.coupons)
            #expect(second.preexisting.count == 3)
            #expect(first.coupons[EventUser(eventId: 1001, userId: "d")] == nil, "d is sold out")
            #expect(first.preexisting.isEmpty)
            let coupon = try #require(first.coupons[EventUser(eventId: 1001, userId: "a")])
            #expect(coupon.expiresAt.timeIntervalSince(coupon.issuedAt) == 5 * 86_400)
            #expect(CouponCode.isValid(coupon.code))
            let count = try await client.query("SELECT issued_count FROM coupon_event WHERE id = 1001")
            #expect(try count.first?.decode("issued_count", as: Int.self) == 3)
        }
    }

    @Test("with stock for everyone, holders are found by the insert itself and keep their coupon")
    func redeliveryWithStockLeft() async throws {
        try await TestServers.withDatabase { client, _ in
            try await IssuerTestStack.createEvent(client, stock: 100)
            let writer = CouponWriter(client: client, logger: IssuerTestStack.logger("writer"))
            let first = try await writer.write(try requests(["a", "b", "c"]))
            let batch = try requests(["x", "a", "b", "x", "c", "d"])
            let second = try await writer.write(batch)
            #expect(first.inserted == 3 && second.inserted == 2)
            #expect(second.preexisting == Set(["a", "b", "c"].map { EventUser(eventId: 1001, userId: $0) }))
            for user in ["a", "b", "c"] {
                let key = EventUser(eventId: 1001, userId: user)
                #expect(second.coupons[key] == first.coupons[key])
            }
            #expect(Set(second.coupons.keys.map(\.userId)) == ["x", "a", "b", "c", "d"])
            let count = try await client.query("SELECT issued_count FROM coupon_event WHERE id = 1001")
            #expect(try count.first?.decode("issued_count", as: Int.self) == 5)
            #expect(try await IssuerTestStack.rowCount(client) == 5)
        }
    }

    @Test("request ids of any text travel intact through the JSON rows; longer ones are cut to the column")
    func requestIds() async throws {
        try await TestServers.withDatabase { client, _ in
            try await IssuerTestStack.createEvent(client, stock: 5)
            let writer = CouponWriter(client: client, logger: IssuerTestStack.logger("writer"))
            let odd = "quote\" back\\ slash/ é 漢字 😀 tab\t nl\n \u{01}"
            let long = String(repeating: "ü", count: 150)
            let batch = try [
                IssueRequested(requestId: odd, eventId: 1001, userId: "a", seq: 1, releasedAt: 1),
                IssueRequested(requestId: long, eventId: 1001, userId: "b", seq: 1, releasedAt: 1),
            ]
            #expect(try await writer.write(batch).inserted == 2)
            let rows = try await client.query("SELECT user_id, request_id FROM coupon_issue ORDER BY user_id")
            let stored = try rows.map { try $0.decode("request_id", as: String.self) }
            #expect(stored == [odd, String(repeating: "ü", count: 128)], "\(stored.map { Array($0.unicodeScalars.prefix(60)) })")
        }
    }

    @Test("an unknown event is reported, the known one still written")
    func unknownEvent() async throws {
        try await TestServers.withDatabase { client, _ in
            try await IssuerTestStack.createEvent(client, stock: 5)
            let writer = CouponWriter(client: client, logger: IssuerTestStack.logger("writer"))
            let outcome = try await writer.write(try requests(["a"]) + requests(["b"], event: 4242))
            #expect(outcome.unknownEvents == [4242])
            #expect(outcome.inserted == 1)
        }
    }

    @Test("concurrent writers on one event never oversell and agree on every code")
    func concurrentWriters() async throws {
        try await TestServers.withDatabase { client, _ in
            try await IssuerTestStack.createEvent(client, stock: 100)
            let writer = CouponWriter(client: client, logger: IssuerTestStack.logger("writer"))
            let users = (0..<300).map { "user-\($0)" }
            // Eight overlapping batches at once, as issuers racing through a rebalance would.
            let outcomes = try await withThrowingTaskGroup(of: CouponWrite.self) { group in
                for worker in 0..<8 {
                    let slice = Array(users[(worker * 30)..<min(300, worker * 30 + 80)].shuffled())
                    let batch = try requests(slice)
                    group.addTask { try await writer.write(batch) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.map(\.inserted).reduce(0, +) == 100)
            var codes: [String: String] = [:]
            for outcome in outcomes {
                for (user, coupon) in outcome.coupons {
                    let previous = codes.updateValue(coupon.code, forKey: user.userId)
                    #expect(previous == nil || previous == coupon.code, "\(user.userId) told two codes")
                }
            }
            let rows = try await client.query("SELECT user_id, coupon_code FROM coupon_issue WHERE event_id = 1001")
            #expect(rows.count == 100)
            for row in rows {
                let user: String = try row.decode("user_id")
                #expect(codes[user] == (try row.decode("coupon_code", as: String.self)))
            }
        }
    }
}
