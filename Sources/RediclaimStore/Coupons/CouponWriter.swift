import Foundation
import Logging
import RediclaimCore
import RediclaimMySQL

/// The issuer's write: one batch of requests in one MySQL transaction. Running it again for the same
/// requests finds the rows it wrote and answers the same, so a redelivered batch is harmless.
public struct CouponWriter: Sendable {
    /// Rows per INSERT statement (one JSON document of about 80 bytes a row).
    static let insertChunk = 1_000
    /// Fresh codes are tried this many times when they collide with existing ones.
    static let codeRounds = 3

    let client: MySQLClient
    let logger: Logger

    public init(client: MySQLClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Locks the batch's events (in id order, so concurrent issuers cannot deadlock on them),
    /// inserts coupons for new users up to stock, raises `issued_count` under a guard, commits.
    /// `codes` are fresh codes made ahead of time (used first; more are made if they run out).
    public func write(_ requests: [IssueRequested], codes: [String] = [], now: Date = Date()) async throws -> CouponWrite {
        guard !requests.isEmpty else { return CouponWrite() }
        let issuedAt = now.truncatedToMilliseconds
        var byEvent: [Int64: [IssueRequested]] = [:]
        for request in requests { byEvent[request.eventId, default: []].append(request) }
        let eventIds = byEvent.keys.sorted()
        // READ COMMITTED: once the event lock is ours, every read sees what earlier lock holders committed.
        return try await client.withTransaction(isolation: .readCommitted) { conn in
            let events = try await Self.lockEvents(conn, ids: eventIds)
            var outcome = CouponWrite()
            var pool = CodePool(codes)
            for id in eventIds {
                guard let event = events[id] else {
                    outcome.unknownEvents.insert(id)
                    continue
                }
                try await writeEvent(
                    conn, event: event, requests: byEvent[id] ?? [], issuedAt: issuedAt, codes: &pool, into: &outcome)
            }
            return outcome
        }
    }

    private func writeEvent(
        _ conn: MySQLConnection, event: LockedEvent, requests: [IssueRequested], issuedAt: Date,
        codes: inout CodePool, into outcome: inout CouponWrite
    ) async throws {
        var users: [String] = []
        var seen: Set<String> = []
        for request in requests where seen.insert(request.userId).inserted { users.append(request.userId) }
        var holders: [String: IssuedCoupon] = [:]
        let newcomers: [IssueRequested]
        if event.remaining >= Int64(users.count) {
            // Stock for everyone: no choice to make, so insert straight away; users who already
            // hold a coupon are the rows INSERT IGNORE skips, found by `insert`.
            newcomers = CouponPlanner.newUsers(event: event, requests: requests, holders: [])
        } else {
            // Not enough for everyone: holders first, so the stock goes to users without a coupon.
            holders = try await Self.selectCoupons(conn, eventId: event.id, users: users)
            newcomers = CouponPlanner.newUsers(event: event, requests: requests, holders: Set(holders.keys))
        }
        var inserted = 0
        if !newcomers.isEmpty {
            let written = try await insert(conn, event: event, requests: newcomers, issuedAt: issuedAt, codes: &codes)
            holders.merge(written.holders) { old, _ in old }
            for (user, coupon) in written.coupons {
                outcome.coupons[EventUser(eventId: event.id, userId: user)] = coupon
            }
            inserted = written.inserted
            try await Self.raiseIssuedCount(conn, event: event, by: inserted)
        }
        for (user, coupon) in holders {
            let key = EventUser(eventId: event.id, userId: user)
            outcome.coupons[key] = coupon
            outcome.preexisting.insert(key)
        }
        // Users left without a coupon are SOLD_OUT for good: kept in MySQL, so a Redis that lost their
        // status can be told again (in the same transaction as the count that made them so).
        let soldOut = users.filter { outcome.coupons[EventUser(eventId: event.id, userId: $0)] == nil }
        if !soldOut.isEmpty { try await Self.recordSoldOut(conn, eventId: event.id, users: soldOut, at: issuedAt) }
        outcome.inserted += inserted
        outcome.remainingAfter[event.id] = event.remaining - Int64(inserted)
    }

    /// Inserts one row per request with a fresh code. When `INSERT IGNORE` skips rows, the rows of
    /// those users are read back: a row with another code is the user's earlier coupon (a holder);
    /// no row means the code collided, and the user is retried with a new one. The rows in MySQL
    /// are authoritative.
    private func insert(
        _ conn: MySQLConnection, event: LockedEvent, requests: [IssueRequested], issuedAt: Date, codes: inout CodePool
    ) async throws -> (coupons: [String: IssuedCoupon], holders: [String: IssuedCoupon], inserted: Int) {
        let expiresAt = event.expiry(issuedAt: issuedAt)
        var coupons: [String: IssuedCoupon] = [:]
        var holders: [String: IssuedCoupon] = [:]
        var inserted = 0
        var pending = requests
        for round in 1...Self.codeRounds where !pending.isEmpty {
            let rows = pending.map { NewCouponRow(request: $0, code: codes.next()) }
            var affected = 0
            for start in stride(from: 0, to: rows.count, by: Self.insertChunk) {
                let chunk = rows[start..<min(start + Self.insertChunk, rows.count)]
                let result = try await conn.execute(
                    Self.insertQuery(eventId: event.id, rows: chunk, issuedAt: issuedAt, expiresAt: expiresAt))
                affected += Int(result.affectedRows)
            }
            inserted += affected
            if affected == rows.count {
                for row in rows {
                    coupons[row.request.userId] = IssuedCoupon(code: row.code, issuedAt: issuedAt, expiresAt: expiresAt)
                }
                return (coupons, holders, inserted)
            }
            let found = try await Self.selectCoupons(conn, eventId: event.id, users: rows.map(\.request.userId))
            for row in rows {
                guard let coupon = found[row.request.userId] else { continue }
                if coupon.code == row.code {
                    coupons[row.request.userId] = coupon
                } else {
                    holders[row.request.userId] = coupon
                }
            }
            pending = rows.filter { found[$0.request.userId] == nil }.map(\.request)
            if !pending.isEmpty {
                logger.warning(
                    "coupon code collision; retrying with new codes",
                    metadata: [StoreLogKey.eventId: "\(event.id)", StoreLogKey.count: "\(pending.count)", StoreLogKey.attempt: "\(round)"])
            }
        }
        guard pending.isEmpty else {
            throw StoreError(.codeCollision, "new coupon codes kept colliding", detail: "event \(event.id), \(pending.count) rows")
        }
        return (coupons, holders, inserted)
    }
}

/// Codes made ahead of the transaction, then fresh ones once those are used up.
struct CodePool {
    private var ready: [String]
    private var index = 0
    private var random = BufferedSystemRandom()

    init(_ codes: [String]) { ready = codes }

    mutating func next() -> String {
        guard index < ready.count else { return CouponCode.generate(using: &random).formatted }
        defer { index += 1 }
        return ready[index]
    }
}

/// A row about to be inserted.
struct NewCouponRow: Sendable {
    let request: IssueRequested
    let code: String
}
