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
        max_discount, min_order_amount, valid_days, paused, closed, issued_count, max_waiting, pre_queue_seconds,
        version, runtime_epoch, defined_rate, shuffle_seed
        """

    /// Inserts a new event (version 1, logged); an existing id is `StoreError.eventExists`.
    public func create(_ event: Event, source: String = "create") async throws {
        do {
            try await client.withTransaction { conn in
                try await conn.execute(Self.insert(event))
                try await Self.log(conn, event.id, source: source)
            }
        } catch let error as MySQLError where error.code == .duplicateEntry {
            throw StoreError.eventExists(event.id)
        }
    }

    /// What `apply` did with one event.
    public enum ApplyOutcome: String, Sendable {
        case created, updated, unchanged
    }

    /// Creates or updates the definition, leaving admin flags and the issued count alone; a change
    /// bumps the version. Lowering stock below what is already issued is refused.
    public func apply(_ event: Event, source: String = "apply") async throws -> ApplyOutcome {
        try await client.withTransaction { conn in
            let rows = try await conn.query("SELECT \(Self.columns) FROM coupon_event WHERE id = \(event.id) FOR UPDATE")
            guard let row = rows.first else {
                try await conn.execute(Self.insert(event))
                try await Self.log(conn, event.id, source: source)
                return .created
            }
            let current = try Self.decode(row)
            // The file is compared with what the file said last time: the rate in force may differ by a control.
            let definedRate = try row.decode("defined_rate", as: Int?.self) ?? current.event.releaseRate
            if try Self.replacingRate(current.event, definedRate) == event { return .unchanged }
            let rateInForce = event.releaseRate != definedRate ? event.releaseRate : current.event.releaseRate
            if event.stock < current.issuedCount {
                throw StoreError.conflict(
                    "event \(event.id): stock \(event.stock) is below the \(current.issuedCount) coupons already issued")
            }
            let c = Self.couponColumns(event.coupon)
            try await conn.execute(
                """
                UPDATE coupon_event SET name = \(event.name), stock = \(event.stock),
                    open_at = \(event.openAt), close_at = \(event.closeAt), release_rate = \(rateInForce),
                    defined_rate = \(event.releaseRate),
                    discount_type = \(c.type), discount_amount = \(c.amount), discount_percent = \(c.percent),
                    max_discount = \(c.maxDiscount), min_order_amount = \(event.coupon.minOrderAmount),
                    valid_days = \(event.coupon.validDays), max_waiting = \(event.maxWaiting),
                    pre_queue_seconds = \(event.preQueueSeconds), version = version + 1
                WHERE id = \(event.id)
                """)
            try await Self.log(conn, event.id, source: source)
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

    /// Events whose close (plus `after`) has not passed: the ones a gate keeps in Redis.
    public func live(now: Date = Date(), after: TimeInterval = 3_600) async throws -> [EventRecord] {
        let horizon = now.addingTimeInterval(-after)
        return try await client.query("SELECT \(Self.columns) FROM coupon_event WHERE close_at > \(horizon) ORDER BY id").map(Self.decode)
    }

    public func setPaused(_ id: Int64, _ paused: Bool, source: String = "rediclaimctl") async throws -> EventRecord {
        try await change(id, source: source, "UPDATE coupon_event SET paused = \(paused), version = version + 1 WHERE id = \(id)")
    }

    public func setClosed(_ id: Int64, _ closed: Bool, source: String = "rediclaimctl") async throws -> EventRecord {
        try await change(id, source: source, "UPDATE coupon_event SET closed = \(closed), version = version + 1 WHERE id = \(id)")
    }

    public func setReleaseRate(_ id: Int64, _ rate: Int, source: String = "rediclaimctl") async throws -> EventRecord {
        guard Event.releaseRateRange.contains(rate) else {
            throw StoreError.conflict(
                "releaseRate must be between \(Event.releaseRateRange.lowerBound) and \(Event.releaseRateRange.upperBound)")
        }
        return try await change(
            id, source: source, "UPDATE coupon_event SET release_rate = \(rate), version = version + 1 WHERE id = \(id)")
    }

    /// Several controls at once (the gate's `PATCH`): one version, one log row.
    public func setControls(
        _ id: Int64, releaseRate: Int?, paused: Bool?, closed: Bool?, source: String
    ) async throws -> EventRecord {
        if let releaseRate, !Event.releaseRateRange.contains(releaseRate) {
            throw StoreError.conflict(
                "releaseRate must be between \(Event.releaseRateRange.lowerBound) and \(Event.releaseRateRange.upperBound)")
        }
        var query: MySQLQuery = "UPDATE coupon_event SET version = version + 1"
        if let releaseRate { query.append(", release_rate = \(releaseRate)") }
        if let paused { query.append(", paused = \(paused)") }
        if let closed { query.append(", closed = \(closed)") }
        query.append(" WHERE id = \(id)")
        return try await change(id, source: source, query)
    }

    /// A new Redis lifetime for the event's runtime copy: the epoch its releases are tagged with.
    public func bumpRuntimeEpoch(_ id: Int64) async throws -> Int {
        try await change(id, source: nil, "UPDATE coupon_event SET runtime_epoch = runtime_epoch + 1 WHERE id = \(id)").runtimeEpoch
    }

    /// Every logged change, oldest first.
    public func changes(_ id: Int64) async throws -> [EventChange] {
        try await client.query(
            """
            SELECT version, changed_at, release_rate, paused, closed, stock, source FROM event_change_log
            WHERE event_id = \(id) ORDER BY version
            """
        ).map { row in
            EventChange(
                version: try row.decode("version"), changedAt: try row.decode("changed_at"), releaseRate: try row.decode("release_rate"),
                paused: try row.decode("paused"), closed: try row.decode("closed"), stock: try row.decode("stock"),
                source: try row.decode("source"))
        }
    }

    /// Runs `statement` on the event's row, logs the change (unless `source` is nil), returns the new record.
    func change(_ id: Int64, source: String?, _ statement: MySQLQuery) async throws -> EventRecord {
        try await client.withTransaction { conn in
            guard try await conn.query("SELECT id FROM coupon_event WHERE id = \(id) FOR UPDATE").first != nil else {
                throw StoreError.eventNotFound(id)
            }
            try await conn.execute(statement)
            if let source { try await Self.log(conn, id, source: source) }
            guard let row = try await conn.query("SELECT \(Self.columns) FROM coupon_event WHERE id = \(id)").first else {
                throw StoreError.eventNotFound(id)
            }
            return try Self.decode(row)
        }
    }

    /// The row's controls as they are now, as the log's entry for its current version.
    static func log(_ conn: MySQLConnection, _ id: Int64, source: String) async throws {
        try await conn.execute(
            """
            INSERT INTO event_change_log (event_id, version, changed_at, release_rate, paused, closed, stock, source)
            SELECT id, version, NOW(3), release_rate, paused, closed, stock, \(String(source.prefix(32))) FROM coupon_event
            WHERE id = \(id)
            """)
    }

    static func insert(_ event: Event) -> MySQLQuery {
        let c = couponColumns(event.coupon)
        return """
            INSERT INTO coupon_event (id, name, stock, open_at, close_at, release_rate, defined_rate, discount_type,
                discount_amount, discount_percent, max_discount, min_order_amount, valid_days, max_waiting,
                pre_queue_seconds, shuffle_seed)
            VALUES (\(event.id), \(event.name), \(event.stock), \(event.openAt), \(event.closeAt),
                \(event.releaseRate), \(event.releaseRate), \(c.type), \(c.amount), \(c.percent), \(c.maxDiscount),
                \(event.coupon.minOrderAmount), \(event.coupon.validDays), \(event.maxWaiting), \(event.preQueueSeconds),
                \(ShuffleSeed.random().hex))
            """
    }

    /// `event` with another release rate (the definition as its file gave it).
    static func replacingRate(_ event: Event, _ rate: Int) throws -> Event {
        try Event(
            id: event.id, name: event.name, stock: event.stock, openAt: event.openAt, closeAt: event.closeAt, releaseRate: rate,
            coupon: event.coupon, maxWaiting: event.maxWaiting, preQueueSeconds: event.preQueueSeconds)
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
                issuedCount: try row.decode("issued_count", as: Int64.self), version: try row.decode("version", as: Int64.self),
                runtimeEpoch: try row.decode("runtime_epoch", as: Int.self),
                shuffleSeed: try row.decode("shuffle_seed", as: String?.self).flatMap { ShuffleSeed(hex: $0) })
        } catch let error as RediclaimError {
            throw StoreError.corrupt("event \(id) in MySQL is invalid: \(error.message)")
        }
    }
}
