import Foundation
import RediclaimMySQL
import RediclaimStore
import TestSupport
import Testing

@Suite("Issued coupons: rows, counts, recomputing issued_count (MariaDB)", .timeLimit(.minutes(1)))
struct IssuedCouponsTests {
    static func issue(_ client: MySQLClient, _ user: String, _ code: String) async throws {
        try await client.execute(
            """
            INSERT INTO coupon_issue (event_id, user_id, coupon_code, request_id, issued_at, expires_at)
            VALUES (1001, \(user), \(code), \("1001:" + user), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) + INTERVAL 1 DAY)
            """)
    }

    @Test("rows come back whole; counts compare issued_count with the rows; recompute fixes it under the lock")
    func recompute() async throws {
        try await TestServers.withDatabase { client, _ in
            try await EventStore(client: client).create(try sampleEvent(stock: 5))
            let coupons = IssuedCoupons(client: client)
            try await Self.issue(client, "a", "CODE-A")
            try await Self.issue(client, "b", "CODE-B")
            let rows = try await coupons.rows(eventId: 1001)
            #expect(rows.map(\.userId) == ["a", "b"] && rows.map(\.code) == ["CODE-A", "CODE-B"])
            #expect(rows[0].requestId == "1001:a" && rows[0].expiresAt > rows[0].issuedAt)
            #expect(try await coupons.counts(eventId: 1001) == (issuedCount: 0, rows: 2))
            #expect(try await coupons.recomputeIssuedCount(eventId: 1001) == (before: 0, after: 2))
            #expect(try await coupons.recomputeIssuedCount(eventId: 1001) == (before: 2, after: 2))
            #expect(try await EventStore(client: client).get(1001).issuedCount == 2)
            await #expect(throws: StoreError.eventNotFound(7)) { try await coupons.counts(eventId: 7) }
            await #expect(throws: StoreError.eventNotFound(7)) { try await coupons.recomputeIssuedCount(eventId: 7) }
        }
    }

    @Test("recompute waits for a transaction holding the event row (the issuer's lock order)")
    func waitsForTheLock() async throws {
        try await TestServers.withDatabase { client, db in
            try await EventStore(client: client).create(try sampleEvent(stock: 5))
            let issuer = try MySQLClient(configuration: TestServers.mysqlConfiguration(database: db), logger: TestServers.logger)
            let coupons = IssuedCoupons(client: client)
            let started = ContinuousClock.now
            async let recomputed: (before: Int64, after: Int64) = {
                try await Task.sleep(for: .milliseconds(200))
                return try await coupons.recomputeIssuedCount(eventId: 1001)
            }()
            // Like an issuer batch: lock the event, insert, raise the count, commit 1 s later.
            try await issuer.withTransaction { conn in
                _ = try await conn.query("SELECT issued_count FROM coupon_event WHERE id = 1001 FOR UPDATE")
                try await conn.execute(
                    """
                    INSERT INTO coupon_issue (event_id, user_id, coupon_code, request_id, issued_at, expires_at)
                    VALUES (1001, 'x', 'CODE-X', '1001:x', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))
                    """)
                try await conn.execute("UPDATE coupon_event SET issued_count = issued_count + 1 WHERE id = 1001")
                try await Task.sleep(for: .seconds(1))
            }
            let result = try await recomputed
            await issuer.close()
            #expect(result == (before: 1, after: 1), "the recount ran after the batch committed, so nothing differed")
            #expect(ContinuousClock.now - started >= .seconds(1))
        }
    }
}
