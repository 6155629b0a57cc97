import RediclaimCore

/// The pure decision of a batch: who gets a new coupon.
public enum CouponPlanner {
    /// New users of one event in batch order, de-duplicated, skipping users that already hold a
    /// coupon, up to the event's remaining stock. Everyone else without a coupon is sold out.
    public static func newUsers(
        event: LockedEvent, requests: [IssueRequested], holders: Set<String>
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
}
