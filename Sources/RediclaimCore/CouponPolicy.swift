/// How an event's coupon discounts an order and how long it stays valid. Money is in minor units.
public struct CouponPolicy: Sendable, Hashable {
    /// FIXED amount off, or PERCENT off capped at `maxDiscount`.
    public enum Discount: Sendable, Hashable {
        case fixed(amount: Int64)
        case percent(Int, maxDiscount: Int64)
    }

    /// The wire name of a discount kind (`type` in JSON and YAML).
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case fixed = "FIXED"
        case percent = "PERCENT"
    }

    /// Longest validity accepted; keeps expiry dates inside what a SQL DATETIME can hold.
    public static let maxValidDays = 36_500

    public let discount: Discount
    /// Orders below this amount get no discount.
    public let minOrderAmount: Int64
    /// A coupon expires `validDays` × 86,400 s after it was issued.
    public let validDays: Int

    /// Validates every rule; the error names the field (`coupon.percent`, ...).
    public init(discount: Discount, minOrderAmount: Int64 = 0, validDays: Int) throws(RediclaimError) {
        switch discount {
        case .fixed(let amount):
            if amount <= 0 {
                throw .invalid("coupon.amount", "coupon.amount must be greater than 0 (got \(amount))")
            }
        case .percent(let percent, let maxDiscount):
            if !(1...100).contains(percent) {
                throw .invalid("coupon.percent", "coupon.percent must be between 1 and 100 (got \(percent))")
            }
            if maxDiscount <= 0 {
                throw .invalid(
                    "coupon.maxDiscount", "coupon.maxDiscount must be greater than 0 (got \(maxDiscount))")
            }
        }
        if minOrderAmount < 0 {
            throw .invalid(
                "coupon.minOrderAmount", "coupon.minOrderAmount must not be negative (got \(minOrderAmount))")
        }
        if !(1...Self.maxValidDays).contains(validDays) {
            throw .invalid(
                "coupon.validDays",
                "coupon.validDays must be between 1 and \(Self.maxValidDays) (got \(validDays))")
        }
        self.discount = discount
        self.minOrderAmount = minOrderAmount
        self.validDays = validDays
    }

    public var kind: Kind {
        switch discount {
        case .fixed: .fixed
        case .percent: .percent
        }
    }
}
