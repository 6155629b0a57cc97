import Foundation
import Testing

import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct CouponPolicyDiscountTests {
    @Test(arguments: [
        // (amount, minOrder, order, expected discount)
        (Int64(3_000), Int64(10_000), Int64(9_999), Int64(0)),  // below the minimum: not applicable
        (3_000, 10_000, 10_000, 3_000),  // exactly the minimum applies
        (3_000, 0, 50_000, 3_000),
        (3_000, 0, 2_000, 2_000),  // never above the order
        (3_000, 0, 3_000, 3_000),
        (3_000, 0, 0, 0),  // empty order
        (3_000, 0, -100, 0),  // nonsense order
        (.max, 0, .max, .max),
    ])
    func fixedDiscount(amount: Int64, minOrder: Int64, order: Int64, expected: Int64) throws {
        let policy = try CouponPolicy(discount: .fixed(amount: amount), minOrderAmount: minOrder, validDays: 7)
        #expect(policy.discount(forOrderAmount: order) == expected)
        #expect(policy.applies(toOrderAmount: order) == (order > 0 && order >= minOrder))
    }

    @Test(arguments: [
        // (percent, maxDiscount, minOrder, order, expected)
        (10, Int64(5_000), Int64(20_000), Int64(19_999), Int64(0)),  // below the minimum
        (10, 5_000, 20_000, 20_000, 2_000),
        (10, 5_000, 0, 49_999, 4_999),  // 4,999.9 rounds down
        (10, 5_000, 0, 50_000, 5_000),
        (10, 5_000, 0, 80_000, 5_000),  // capped by maxDiscount
        (15, 1_000_000, 0, 999, 149),  // 149.85 rounds down
        (33, 1_000_000, 0, 1, 0),  // 0.33 rounds down to nothing
        (100, 1_000_000, 0, 12_345, 12_345),  // 100% is the whole order
        (100, 500, 0, 12_345, 500),
        (1, .max, 0, .max, Int64.max / 100),  // no overflow at the top
        (99, .max, 0, .max, 9_131_138_316_486_228_048),  // floor(Int64.max × 0.99)
        (10, 5_000, 0, 0, 0),
    ])
    func percentDiscount(percent: Int, maxDiscount: Int64, minOrder: Int64, order: Int64, expected: Int64) throws {
        let policy = try CouponPolicy(
            discount: .percent(percent, maxDiscount: maxDiscount), minOrderAmount: minOrder, validDays: 7)
        #expect(policy.discount(forOrderAmount: order) == expected)
    }

    /// The overflow-free split gives exactly floor(order × percent / 100) wherever the plain formula fits.
    @Test func percentMatchesPlainArithmetic() throws {
        for percent in 1...100 {
            let policy = try CouponPolicy(discount: .percent(percent, maxDiscount: .max), validDays: 1)
            for order in Int64(1)...1_000 {
                #expect(policy.discount(forOrderAmount: order) == order * Int64(percent) / 100)
            }
        }
    }

    @Test(arguments: [(1, 86_400.0), (7, 604_800), (30, 2_592_000), (36_500, 3_153_600_000)])
    func expiryIsIssuedAtPlusWholeDays(validDays: Int, seconds: Double) throws {
        let policy = try CouponPolicy(discount: .fixed(amount: 1), validDays: validDays)
        let issuedAt = Date(timeIntervalSince1970: 1_735_689_600.25)
        #expect(policy.expiry(issuedAt: issuedAt) == Date(timeIntervalSince1970: 1_735_689_600.25 + seconds))
    }
}
