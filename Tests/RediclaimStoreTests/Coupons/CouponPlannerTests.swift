import Foundation
import RediclaimCore
import Testing

@testable import RediclaimStore

@Suite("Coupon planning (no servers)", .timeLimit(.minutes(1)))
struct CouponPlannerTests {
    let event = LockedEvent(id: 7, stock: 3, issuedCount: 1, validDays: 2)

    func request(_ user: String, event: Int64 = 7) throws -> IssueRequested {
        try IssueRequested(eventId: event, userId: user, seq: 1, releasedAt: 1)
    }

    @Test("new users in batch order, de-duplicated, holders skipped, up to remaining stock")
    func newUsers() throws {
        let requests = try ["a", "b", "a", "held", "c", "d"].map { try request($0) }
        let chosen = CouponPlanner.newUsers(event: event, requests: requests, holders: ["held"])
        #expect(chosen.map(\.userId) == ["a", "b"])
    }

    @Test("no remaining stock: nobody new")
    func soldOutEvent() throws {
        let full = LockedEvent(id: 7, stock: 3, issuedCount: 3, validDays: 2)
        #expect(CouponPlanner.newUsers(event: full, requests: [try request("a")], holders: []).isEmpty)
    }

    @Test("expiry is validDays later and times are cut to milliseconds")
    func times() {
        let issued = Date(timeIntervalSince1970: 1_700_000_000.123_456).truncatedToMilliseconds
        #expect(Timestamps.epochMillis(issued) == 1_700_000_000_123)
        #expect(issued.timeIntervalSince1970 * 1000 == (issued.timeIntervalSince1970 * 1000).rounded())
        #expect(event.expiry(issuedAt: issued).timeIntervalSince(issued) == 2 * 86_400)
    }

    @Test("IN lists pad to powers of two")
    func padding() {
        #expect([0, 1, 2, 3, 5, 500, 512, 513].map(CouponWriter.paddedCount) == [1, 1, 2, 4, 8, 512, 512, 1024])
    }

}
