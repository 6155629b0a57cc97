import Foundation
import RediclaimStore

/// What one request ends as.
enum IssueOutcome: Sendable, Hashable {
    /// A coupon: new, or the one the user already had (`redelivery`).
    case issued(IssuedCoupon, redelivery: Bool)
    case soldOut
    /// The event is not in MySQL: a permanent failure for the DLQ.
    case unknownEvent
}
