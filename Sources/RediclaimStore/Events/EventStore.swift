import Foundation
import Logging
import RediclaimCore
import RediclaimMySQL

/// Event definitions in MySQL, the source of truth.
public struct EventStore: Sendable {
    let client: MySQLClient

    public init(client: MySQLClient) { self.client = client }

    static let columns: MySQLQuery = """
        id, name, stock, open_at, close_at, release_rate, discount_type, discount_amount, discount_percent,
        max_discount, min_order_amount, valid_days, paused, closed, issued_count, max_waiting, pre_queue_seconds
        """

    /// Inserts a new event; an existing id is `StoreError.eventExists`.
    public func create(_ event: Event) async throws {
        do {
            try await client.execute(Self.insert(event))
        } catch let error as MySQLError where error.code == .duplicateEntry {
            throw StoreError.eventExists(event.id)
        }
    }

    /// What `apply` did with one event.
    public enum ApplyOutcome: String, Sendable {
        case created, updated, unchanged
    }

    /// Creates or updates the definition, leaving admin flags and the issued count alone.
    /// Lowering stock below what is already issued is refused.
    public func apply(_ event: Event) async throws -> ApplyOutcome {
        try await client.withTransaction { conn in
            let rows = try await conn.query("SELECT \(Self.columns) FROM coupon_event WHERE id = \(event.id) FOR UPDATE")
            guard let row = rows.first else {
                try await conn.execute(Self.insert(event))
                return .created
            }
            let current = try Self.decode(row)
            if current.event == event { return .unchanged }
            if event.stock < current.issuedCount {
                throw StoreError.conflict(
                    "event \(event.id): stock \(event.stock) is below the \(current.issuedCount) coupons already issued")
            }
            let c = Self.couponColumns(event.coupon)
            try await conn.execute(
                """
                UPDATE coupon_event SET name = \(event.name), stock = \(event.stock),
                    open_at = \(event.openAt), close_at = \(event.closeAt), release_rate = \(event.releaseRate),
                    discount_type = \(c.type), discount_amount = \(c.amount), discount_percent = \(c.percent),
                    max_discount = \(c.maxDiscount), min_order_amount = \(event.coupon.minOrderAmount),
                    valid_days = \(event.coupon.validDays), max_waiting = \(event.maxWaiting),
                    pre_queue_seconds = \(event.preQueueSeconds)
                WHERE id = \(event.id)
                """)
            return .updated
        }
    }

    public func get(_ id: Int64) async throws -> EventRecord {
        let rows = try await client.query("SELECT \(Self.columns) FROM coupon_event WHERE id = \(id)")
        guard let row = rows.first else { throw StoreError.eventNotFound(id) }
        return try Self.decode(row)
    }

    public func list() async throws -> [EventRecord] {
        try await client.query("SELECT \(Self.columns) FROM coupon_event ORDER BY id").map(Self.decode)
    }

    public func setPaused(_ id: Int64, _ paused: Bool) async throws -> EventRecord {
        try await update(id, "UPDATE coupon_event SET paused = \(paused) WHERE id = \(id)")
    }

    public func setClosed(_ id: Int64, _ closed: Bool) async throws -> EventRecord {
        try await update(id, "UPDATE coupon_event SET closed = \(closed) WHERE id = \(id)")
    }

    public func setReleaseRate(_ id: Int64, _ rate: Int) async throws -> EventRecord {
        guard Event.releaseRateRange.contains(rate) else {
            throw StoreError.conflict(
                "releaseRate must be between \(Event.releaseRateRange.lowerBound) and \(Event.releaseRateRange.upperBound)")
        }
        return try await update(id, "UPDATE coupon_event SET release_rate = \(rate) WHERE id = \(id)")
    }

    func update(_ id: Int64, _ statement: MySQLQuery) async throws -> EventRecord {
        _ = try await get(id)
        try await client.execute(statement)
        return try await get(id)
    }

    static func insert(_ event: Event) -> MySQLQuery {
        let c = couponColumns(event.coupon)
        return """
            INSERT INTO coupon_event (id, name, stock, open_at, close_at, release_rate, discount_type,
                discount_amount, discount_percent, max_discount, min_order_amount, valid_days, max_waiting,
                pre_queue_seconds)
            VALUES (\(event.id), \(event.name), \(event.stock), \(event.openAt), \(event.closeAt),
                \(event.releaseRate), \(c.type), \(c.amount), \(c.percent), \(c.maxDiscount),
                \(event.coupon.minOrderAmount), \(event.coupon.validDays), \(event.maxWaiting), \(event.preQueueSeconds))
            """
    }

    static func couponColumns(_ policy: CouponPolicy) -> (type: String, amount: Int64?, percent: Int?, maxDiscount: Int64?) {
        switch policy.discount {
        case .fixed(let amount): (CouponPolicy.Kind.fixed.rawValue, amount, nil, nil)
        case .percent(let percent, let maxDiscount): (CouponPolicy.Kind.percent.rawValue, nil, percent, maxDiscount)
        }
    }

    static func decode(_ row: MySQLRow) throws -> EventRecord {
        let id = try row.decode("id", as: Int64.self)
        let discount: CouponPolicy.Discount
        switch try row.decode("discount_type", as: String.self) {
        case CouponPolicy.Kind.fixed.rawValue:
            discount = .fixed(amount: try row.decode("discount_amount", as: Int64.self))
        case CouponPolicy.Kind.percent.rawValue:
            discount = .percent(
                try row.decode("discount_percent", as: Int.self), maxDiscount: try row.decode("max_discount", as: Int64.self))
        case let other:
            throw StoreError.corrupt("event \(id) has discount_type '\(other)'")
        }
        do {
            let policy = try CouponPolicy(
                discount: discount, minOrderAmount: try row.decode("min_order_amount", as: Int64.self),
                validDays: try row.decode("valid_days", as: Int.self))
            let event = try Event(
                id: id, name: try row.decode("name", as: String.self), stock: try row.decode("stock", as: Int64.self),
                openAt: try row.decode("open_at", as: Date.self), closeAt: try row.decode("close_at", as: Date.self),
                releaseRate: try row.decode("release_rate", as: Int.self), coupon: policy,
                maxWaiting: try row.decode("max_waiting", as: Int64?.self),
                preQueueSeconds: try row.decode("pre_queue_seconds", as: Int.self))
            return EventRecord(
                event: event, paused: try row.decode("paused", as: Bool.self), closed: try row.decode("closed", as: Bool.self),
                issuedCount: try row.decode("issued_count", as: Int64.self))
        } catch let error as RediclaimError {
            throw StoreError.corrupt("event \(id) in MySQL is invalid: \(error.message)")
        }
    }
}
