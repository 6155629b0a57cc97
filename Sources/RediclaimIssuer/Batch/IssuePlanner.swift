import RediclaimCore
import RediclaimStore

/// What each request of a written batch ends as (who gets a new coupon is `CouponPlanner`'s).
enum IssuePlanner {
    /// Each request's outcome, in order. A request whose user held a coupon before the batch, or
    /// appeared earlier in the same batch, is a redelivery of that coupon.
    static func outcomes(for requests: [IssueRequested], after write: CouponWrite) -> [IssueOutcome] {
        var answered: Set<EventUser> = []
        return requests.map { request in
            if write.unknownEvents.contains(request.eventId) { return .unknownEvent }
            let user = EventUser(eventId: request.eventId, userId: request.userId)
            let repeated = !answered.insert(user).inserted
            guard let coupon = write.coupons[user] else { return .soldOut }
            return .issued(coupon, redelivery: repeated || write.preexisting.contains(user))
        }
    }
}
