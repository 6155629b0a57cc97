import Foundation
import RediclaimCore
import RediclaimStore
import Testing

@testable import RediclaimIssuer

@Suite("Issue outcomes (no servers)", .timeLimit(.minutes(1)))
struct IssuePlannerTests {

    func request(_ user: String, event: Int64 = 7) throws -> IssueRequested {
        try IssueRequested(eventId: event, userId: user, seq: 1, releasedAt: 1)
    }

    @Test("outcomes: repeats and earlier holders are redeliveries; the rest sold out; unknown events flagged")
    func outcomes() throws {
        let coupon = IssuedCoupon(code: "C1", issuedAt: Date(timeIntervalSince1970: 1), expiresAt: Date(timeIntervalSince1970: 2))
        let old = IssuedCoupon(code: "C0", issuedAt: Date(timeIntervalSince1970: 0), expiresAt: Date(timeIntervalSince1970: 2))
        var write = CouponWrite()
        write.coupons = [EventUser(eventId: 7, userId: "a"): coupon, EventUser(eventId: 7, userId: "held"): old]
        write.preexisting = [EventUser(eventId: 7, userId: "held")]
        write.unknownEvents = [9]
        let requests = try [request("a"), request("a"), request("held"), request("z"), request("a", event: 9)]
        #expect(IssuePlanner.outcomes(for: requests, after: write) == [
            .issued(coupon, redelivery: false), .issued(coupon, redelivery: true), .issued(old, redelivery: true),
            .soldOut, .unknownEvent,
        ])
    }

    @Test("buffered random codes are valid and distinct")
    func codes() throws {
        var random = BufferedSystemRandom()
        let codes = (0..<2_000).map { _ in CouponCode.generate(using: &random).formatted }
        #expect(Set(codes).count == codes.count)
        for code in codes.prefix(100) { #expect(CouponCode.isValid(code)) }
    }
}
