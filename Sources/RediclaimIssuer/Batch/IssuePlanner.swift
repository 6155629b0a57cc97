import RediclaimCore

/// The pure decisions of a batch: who gets a new coupon, and what each request ends as.
enum IssuePlanner {
    /// New users of one event in batch order, de-duplicated, skipping users that already hold a
    /// coupon, up to the event's remaining stock. Everyone else without a coupon is sold out.
    static func newUsers(
        event: EventState, requests: [IssueRequested], holders: Set<String>
    ) -> [IssueRequested] {
        var chosen: [IssueRequested] = []
        var seen: Set<String> = []
        let remaining = event.remaining
        for request in requests where !holders.contains(request.userId) {
            guard seen.insert(request.userId).inserted else { continue }
            guard Int64(chosen.count) < remaining else { break }
            chosen.append(request)
        }
        return chosen
    }

    /// Each request's outcome, in order. A request whose user held a coupon before the batch, or
    /// appeared earlier in the same batch, is a redelivery of that coupon.
    static func outcomes(for requests: [IssueRequested], after write: WriteOutcome) -> [IssueOutcome] {
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
