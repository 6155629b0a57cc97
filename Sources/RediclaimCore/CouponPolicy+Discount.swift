import Foundation

extension CouponPolicy {
    /// Seconds in one validity day.
    public static let secondsPerDay: TimeInterval = 86_400

    /// Whether an order of this amount qualifies (positive and at least `minOrderAmount`).
    public func applies(toOrderAmount orderAmount: Int64) -> Bool {
        orderAmount > 0 && orderAmount >= minOrderAmount
    }

    /// The discount in minor units: 0 when the order does not qualify; PERCENT rounds down and is
    /// capped by `maxDiscount`; neither kind ever exceeds the order amount.
    public func discount(forOrderAmount orderAmount: Int64) -> Int64 {
        guard applies(toOrderAmount: orderAmount) else { return 0 }
        switch discount {
        case .fixed(let amount):
            return min(amount, orderAmount)
        case .percent(let percent, let maxDiscount):
            // Split so `orderAmount * percent` cannot overflow: a = 100q + r, so
            // floor(a·p/100) = q·p + floor(r·p/100), and q·p ≤ a.
            let p = Int64(percent)
            let off = (orderAmount / 100) * p + (orderAmount % 100) * p / 100
            return min(off, maxDiscount, orderAmount)
        }
    }

    /// When a coupon issued at `issuedAt` expires.
    public func expiry(issuedAt: Date) -> Date {
        issuedAt.addingTimeInterval(TimeInterval(validDays) * Self.secondsPerDay)
    }
}
