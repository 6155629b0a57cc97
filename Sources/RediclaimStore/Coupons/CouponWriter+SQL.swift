import Foundation
import RediclaimCore
import RediclaimJSON
import RediclaimMySQL

extension CouponWriter {
    /// `request_id` is VARCHAR(128); requestIds may be longer (200), and INSERT IGNORE would cut them
    /// silently, so the cut is made here, visibly. The column is informational only.
    static let requestIdColumnLength = 128

    /// `SELECT ... FOR UPDATE` of the events, in id order; absent ids are unknown events.
    static func lockEvents(_ conn: MySQLConnection, ids: [Int64]) async throws -> [Int64: LockedEvent] {
        var query: MySQLQuery = "SELECT id, stock, issued_count, valid_days FROM coupon_event WHERE id IN ("
        query.append(ids) { "\($0)" }
        query.append(") ORDER BY id FOR UPDATE")
        var events: [Int64: LockedEvent] = [:]
        for row in try await conn.query(query) {
            let event = LockedEvent(
                id: try row.decode("id"), stock: try row.decode("stock"),
                issuedCount: try row.decode("issued_count"), validDays: try row.decode("valid_days"))
            events[event.id] = event
        }
        return events
    }

    /// The coupons `users` hold for the event. The IN list is padded (repeating a user) to a
    /// power of two, so the prepared-statement cache sees a handful of shapes, not one per size.
    static func selectCoupons(
        _ conn: MySQLConnection, eventId: Int64, users: [String]
    ) async throws -> [String: IssuedCoupon] {
        guard let first = users.first else { return [:] }
        var padded = users
        padded.append(contentsOf: repeatElement(first, count: paddedCount(users.count) - users.count))
        var query: MySQLQuery = """
            SELECT user_id, coupon_code, issued_at, expires_at FROM coupon_issue
            WHERE event_id = \(eventId) AND user_id IN (
            """
        query.append(padded) { "\($0)" }
        query.append(")")
        var coupons: [String: IssuedCoupon] = [:]
        for row in try await conn.query(query) {
            do {
                coupons[try row.decode("user_id")] = IssuedCoupon(
                    code: try row.decode("coupon_code"), issuedAt: try row.decode("issued_at"),
                    expiresAt: try row.decode("expires_at"))
            } catch {
                throw StoreError.corrupt("a coupon row of event \(eventId) cannot be read: \(error)")
            }
        }
        return coupons
    }

    /// One INSERT for all rows: users, codes and request ids travel as ONE bound JSON array that
    /// `JSON_TABLE` (MariaDB 10.6+, MySQL 8.0) expands on the server. Binding 7 values per row cost
    /// more than the insert itself; the values are still bound, never spliced into the SQL.
    /// The columns say utf8mb4: without it MariaDB turns characters outside latin1 into '?'.
    static func insertQuery(
        eventId: Int64, rows: ArraySlice<NewCouponRow>, issuedAt: Date, expiresAt: Date
    ) -> MySQLQuery {
        var json = JSONByteWriter(capacity: rows.count * 80)
        json.array { json in
            for row in rows {
                json.element { json in
                    json.field("u", row.request.userId)
                    json.field("c", row.code)
                    json.field("r", String(row.request.requestId.unicodeScalars.prefix(requestIdColumnLength)))
                }
            }
        }
        let document = json.text
        return """
            INSERT IGNORE INTO coupon_issue (event_id, user_id, coupon_code, status, request_id, issued_at, expires_at)
            SELECT \(eventId), j.u, j.c, 'ISSUED', j.r, \(issuedAt), \(expiresAt)
            FROM JSON_TABLE(\(document), '$[*]' COLUMNS (
                u VARCHAR(64) CHARACTER SET utf8mb4 PATH '$.u', c VARCHAR(32) CHARACTER SET utf8mb4 PATH '$.c',
                r VARCHAR(128) CHARACTER SET utf8mb4 PATH '$.r')) AS j
            """
    }

    /// Raises the count by `count` only if it stays within stock: one row must change, or the
    /// transaction is aborted (the guard behind I1, with the table's CHECK as the last line).
    static func raiseIssuedCount(_ conn: MySQLConnection, event: LockedEvent, by count: Int) async throws {
        guard count > 0 else { return }
        let n = Int64(count)
        let result = try await conn.execute(
            """
            UPDATE coupon_event SET issued_count = issued_count + \(n)
            WHERE id = \(event.id) AND issued_count + \(n) <= stock
            """)
        guard result.affectedRows == 1 else {
            throw StoreError(
                .stockGuard, "the stock guard refused the issued count",
                detail: "event \(event.id): +\(n) over issued \(event.issuedCount) of \(event.stock)")
        }
    }

    /// `issue_outcome` rows for users the batch answers SOLD_OUT (a repeat changes nothing).
    static func recordSoldOut(_ conn: MySQLConnection, eventId: Int64, users: [String], at: Date) async throws {
        var json = JSONByteWriter(capacity: users.count * 24)
        json.array { json in for user in users { json.element(user) } }
        try await conn.execute(
            """
            INSERT IGNORE INTO issue_outcome (event_id, user_id, outcome, decided_at)
            SELECT \(eventId), j.u, 'SOLD_OUT', \(at)
            FROM JSON_TABLE(\(json.text), '$[*]' COLUMNS (u VARCHAR(64) CHARACTER SET utf8mb4 PATH '$')) AS j
            """)
    }

    /// The next power of two at or above `count` (at least 1).
    static func paddedCount(_ count: Int) -> Int {
        var size = 1
        while size < count { size <<= 1 }
        return size
    }
}
