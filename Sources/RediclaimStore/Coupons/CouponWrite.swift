import Foundation

/// One user of one event: the unit of "one coupon per user per event".
public struct EventUser: Sendable, Hashable {
    public let eventId: Int64
    public let userId: String

    public init(eventId: Int64, userId: String) {
        self.eventId = eventId
        self.userId = userId
    }
}

/// A coupon as its `coupon_issue` row holds it.
public struct IssuedCoupon: Sendable, Hashable {
    public let code: String
    public let issuedAt: Date
    public let expiresAt: Date

    public init(code: String, issuedAt: Date, expiresAt: Date) {
        self.code = code
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}

/// The locked `coupon_event` row: what a batch needs to decide who gets a coupon.
public struct LockedEvent: Sendable, Hashable {
    public let id: Int64
    public let stock: Int64
    public let issuedCount: Int64
    public let validDays: Int

    public init(id: Int64, stock: Int64, issuedCount: Int64, validDays: Int) {
        self.id = id
        self.stock = stock
        self.issuedCount = issuedCount
        self.validDays = validDays
    }

    /// Coupons still available.
    public var remaining: Int64 { max(0, stock - issuedCount) }

    /// When a coupon issued at `issuedAt` expires (the same rule as `CouponPolicy.expiry`).
    func expiry(issuedAt: Date) -> Date {
        issuedAt.addingTimeInterval(TimeInterval(validDays) * 86_400)
    }
}

/// What one transaction wrote and found, enough to answer every request of the batch.
public struct CouponWrite: Sendable {
    /// Every coupon the batch's users hold after the commit (found or inserted).
    public var coupons: [EventUser: IssuedCoupon] = [:]
    /// Users that held their coupon before this batch.
    public var preexisting: Set<EventUser> = []
    /// Events the batch names that MySQL does not have.
    public var unknownEvents: Set<Int64> = []
    /// Rows this transaction inserted.
    public var inserted = 0
    /// Each written event's stock left after this transaction.
    public var remainingAfter: [Int64: Int64] = [:]

    public init() {}
}

extension Date {
    /// This instant cut to whole milliseconds, what DATETIME(3) and the epoch-ms wire format hold.
    public var truncatedToMilliseconds: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
