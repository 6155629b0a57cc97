import Foundation
import RediclaimMySQL

/// One row of `coupon_issue`.
public struct IssuedCouponRow: Sendable, Hashable {
    public let userId: String
    public let code: String
    public let requestId: String
    public let issuedAt: Date
    public let expiresAt: Date

    public init(userId: String, code: String, requestId: String, issuedAt: Date, expiresAt: Date) {
        self.userId = userId
        self.code = code
        self.requestId = requestId
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}

/// The issued coupons of an event as MySQL holds them, for audits and `reconcile`.
public struct IssuedCoupons: Sendable {
    let client: MySQLClient

    public init(client: MySQLClient) { self.client = client }

    /// Every coupon row of the event.
    public func rows(eventId: Int64) async throws -> [IssuedCouponRow] {
        try await client.query(
            """
            SELECT user_id, coupon_code, request_id, issued_at, expires_at FROM coupon_issue
            WHERE event_id = \(eventId) ORDER BY id
            """
        ).map { row in
            IssuedCouponRow(
                userId: try row.decode("user_id"), code: try row.decode("coupon_code"),
                requestId: try row.decode("request_id"), issuedAt: try row.decode("issued_at"),
                expiresAt: try row.decode("expires_at"))
        }
    }

    /// Each user's coupon code (`verify` compares them with what users were told).
    public func codes(eventId: Int64) async throws -> [String: String] {
        var codes: [String: String] = [:]
        for row in try await client.query("SELECT user_id, coupon_code FROM coupon_issue WHERE event_id = \(eventId)") {
            codes[try row.decode("user_id", as: String.self)] = try row.decode("coupon_code", as: String.self)
        }
        return codes
    }

    /// `issued_count` and the number of rows, read in one statement: the issuer changes both in one
    /// transaction, so a live campaign never shows a difference that is only in flight.
    public func counts(eventId: Int64) async throws -> (issuedCount: Int64, rows: Int64) {
        let rows = try await client.query(
            """
            SELECT e.issued_count, (SELECT COUNT(*) FROM coupon_issue i WHERE i.event_id = e.id) AS n
            FROM coupon_event e WHERE e.id = \(eventId)
            """)
        guard let row = rows.first else { throw StoreError.eventNotFound(eventId) }
        return (try row.decode("issued_count"), try row.decode("n"))
    }

    /// Sets `issued_count` to the number of rows, inside a transaction holding the event row lock (taken
    /// first, as the issuer does, so the two serialise and cannot deadlock). Returns the count before and
    /// after. Rows above stock are refused by the table's CHECK: that is an oversell to investigate.
    public func recomputeIssuedCount(eventId: Int64) async throws -> (before: Int64, after: Int64) {
        // READ COMMITTED: once the lock is ours, the count sees every transaction committed before it.
        try await client.withTransaction(isolation: .readCommitted) { conn in
            let locked = try await conn.query("SELECT issued_count FROM coupon_event WHERE id = \(eventId) FOR UPDATE")
            guard let event = locked.first else { throw StoreError.eventNotFound(eventId) }
            let before: Int64 = try event.decode("issued_count")
            let counted = try await conn.query("SELECT COUNT(*) AS n FROM coupon_issue WHERE event_id = \(eventId)")
            let after: Int64 = try counted[0].decode("n")
            if after != before {
                try await conn.execute("UPDATE coupon_event SET issued_count = \(after) WHERE id = \(eventId)")
            }
            return (before, after)
        }
    }
}
