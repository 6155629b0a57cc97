import Foundation
import RediclaimCore

/// One user of one event: the unit of "one coupon per user per event".
struct EventUser: Sendable, Hashable {
    let eventId: Int64
    let userId: String
}

/// A coupon as its `coupon_issue` row holds it.
struct IssuedCoupon: Sendable, Hashable {
    let code: String
    let issuedAt: Date
    let expiresAt: Date
}

/// The locked `coupon_event` row: what a batch needs to decide who gets a coupon.
struct EventState: Sendable, Hashable {
    let id: Int64
    let stock: Int64
    let issuedCount: Int64
    let validDays: Int

    /// Coupons still available.
    var remaining: Int64 { max(0, stock - issuedCount) }

    /// When a coupon issued at `issuedAt` expires (the same rule as `CouponPolicy.expiry`).
    func expiry(issuedAt: Date) -> Date {
        issuedAt.addingTimeInterval(TimeInterval(validDays) * CouponPolicy.secondsPerDay)
    }
}

/// What one request ends as.
enum IssueOutcome: Sendable, Hashable {
    /// A coupon: new, or the one the user already had (`redelivery`).
    case issued(IssuedCoupon, redelivery: Bool)
    case soldOut
    /// The event is not in MySQL: a permanent failure for the DLQ.
    case unknownEvent
}

/// What one transaction wrote and found, enough to answer every request of the batch.
struct WriteOutcome: Sendable {
    /// Every coupon the batch's users hold after the commit (found or inserted).
    var coupons: [EventUser: IssuedCoupon] = [:]
    /// Users that held their coupon before this batch.
    var preexisting: Set<EventUser> = []
    /// Events the batch names that MySQL does not have.
    var unknownEvents: Set<Int64> = []
    /// Rows this transaction inserted.
    var inserted = 0
    /// Each written event's stock left after this transaction.
    var remainingAfter: [Int64: Int64] = [:]
}

extension Date {
    /// This instant cut to whole milliseconds, what DATETIME(3) and the epoch-ms wire format hold.
    var truncatedToMilliseconds: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
