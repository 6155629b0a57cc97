import Foundation
import RediclaimCore
import Testing

@testable import RediclaimIssuer

@Suite("Issue planning (no servers)", .timeLimit(.minutes(1)))
struct IssuePlannerTests {
    let event = EventState(id: 7, stock: 3, issuedCount: 1, validDays: 2)

    func request(_ user: String, event: Int64 = 7) throws -> IssueRequested {
        try IssueRequested(eventId: event, userId: user, seq: 1, releasedAt: 1)
    }

    @Test("new users in batch order, de-duplicated, holders skipped, up to remaining stock")
    func newUsers() throws {
        let requests = try ["a", "b", "a", "held", "c", "d"].map { try request($0) }
        let chosen = IssuePlanner.newUsers(event: event, requests: requests, holders: ["held"])
        #expect(chosen.map(\.userId) == ["a", "b"])
    }

    @Test("no remaining stock: nobody new")
    func soldOutEvent() throws {
        let full = EventState(id: 7, stock: 3, issuedCount: 3, validDays: 2)
        #expect(IssuePlanner.newUsers(event: full, requests: [try request("a")], holders: []).isEmpty)
    }

    @Test("outcomes: repeats and earlier holders are redeliveries; the rest sold out; unknown events flagged")
    func outcomes() throws {
        let coupon = IssuedCoupon(code: "C1", issuedAt: Date(timeIntervalSince1970: 1), expiresAt: Date(timeIntervalSince1970: 2))
        let old = IssuedCoupon(code: "C0", issuedAt: Date(timeIntervalSince1970: 0), expiresAt: Date(timeIntervalSince1970: 2))
        var write = WriteOutcome()
        write.coupons = [EventUser(eventId: 7, userId: "a"): coupon, EventUser(eventId: 7, userId: "held"): old]
        write.preexisting = [EventUser(eventId: 7, userId: "held")]
        write.unknownEvents = [9]
        let requests = try [request("a"), request("a"), request("held"), request("z"), request("a", event: 9)]
        #expect(IssuePlanner.outcomes(for: requests, after: write) == [
            .issued(coupon, redelivery: false), .issued(coupon, redelivery: true), .issued(old, redelivery: true),
            .soldOut, .unknownEvent,
        ])
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
        #expect([0, 1, 2, 3, 5, 500, 512, 513].map(IssueWriter.paddedCount) == [1, 1, 2, 4, 8, 512, 512, 1024])
    }

    @Test("buffered random codes are valid and distinct")
    func codes() throws {
        var random = BufferedSystemRandom()
        let codes = (0..<2_000).map { _ in CouponCode.generate(using: &random).formatted }
        #expect(Set(codes).count == codes.count)
        for code in codes.prefix(100) { #expect(CouponCode.isValid(code)) }
    }
}
