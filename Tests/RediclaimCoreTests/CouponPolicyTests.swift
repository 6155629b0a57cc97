import Testing

import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct CouponPolicyTests {
    @Test func acceptsValidPolicies() throws {
        let fixed = try CouponPolicy(discount: .fixed(amount: 3_000), validDays: 1)
        #expect(fixed.kind == .fixed)
        #expect(fixed.minOrderAmount == 0)
        let percent = try CouponPolicy(discount: .percent(100, maxDiscount: 1), minOrderAmount: 0, validDays: 36_500)
        #expect(percent.kind == .percent)
        #expect(try CouponPolicy(discount: .percent(1, maxDiscount: .max), validDays: 7).validDays == 7)
    }

    @Test(arguments: [
        (CouponPolicy.Discount.fixed(amount: 0), Int64(0), 7, "coupon.amount", "coupon.amount must be greater than 0 (got 0)"),
        (.fixed(amount: -5), 0, 7, "coupon.amount", "coupon.amount must be greater than 0 (got -5)"),
        (.percent(0, maxDiscount: 100), 0, 7, "coupon.percent", "coupon.percent must be between 1 and 100 (got 0)"),
        (.percent(101, maxDiscount: 100), 0, 7, "coupon.percent", "coupon.percent must be between 1 and 100 (got 101)"),
        (.percent(-3, maxDiscount: 100), 0, 7, "coupon.percent", "coupon.percent must be between 1 and 100 (got -3)"),
        (.percent(10, maxDiscount: 0), 0, 7, "coupon.maxDiscount", "coupon.maxDiscount must be greater than 0 (got 0)"),
        (.percent(10, maxDiscount: -1), 0, 7, "coupon.maxDiscount", "coupon.maxDiscount must be greater than 0 (got -1)"),
        (.fixed(amount: 100), -1, 7, "coupon.minOrderAmount", "coupon.minOrderAmount must not be negative (got -1)"),
        (.fixed(amount: 100), 0, 0, "coupon.validDays", "coupon.validDays must be between 1 and 36500 (got 0)"),
        (.fixed(amount: 100), 0, -2, "coupon.validDays", "coupon.validDays must be between 1 and 36500 (got -2)"),
        (.fixed(amount: 100), 0, 36_501, "coupon.validDays", "coupon.validDays must be between 1 and 36500 (got 36501)"),
    ])
    func rejectsBadPoliciesNamingTheField(
        discount: CouponPolicy.Discount, minOrderAmount: Int64, validDays: Int, field: String, message: String
    ) {
        #expect(throws: RediclaimError(.invalidValue, field: field, message: message)) {
            try CouponPolicy(discount: discount, minOrderAmount: minOrderAmount, validDays: validDays)
        }
    }
}
