/// JSON/YAML shape: `{type: FIXED|PERCENT, amount | percent + maxDiscount, minOrderAmount, validDays}`.
/// `minOrderAmount` defaults to 0 when absent; the other kind's fields are rejected, not ignored.
extension CouponPolicy: Codable {
    enum CodingKeys: String, CodingKey {
        case type, amount, percent, maxDiscount, minOrderAmount, validDays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let typeName = try container.field(String.self, .type)
        guard let kind = Kind(rawValue: typeName) else {
            throw RediclaimError.invalid(
                "coupon.type", "coupon.type must be FIXED or PERCENT (got \(RediclaimError.quote(typeName)))")
        }
        let discount: Discount
        switch kind {
        case .fixed:
            for key in [CodingKeys.percent, .maxDiscount] where container.contains(key) {
                throw RediclaimError.invalid(
                    "coupon.\(key.stringValue)", "coupon.\(key.stringValue) does not apply to a FIXED coupon")
            }
            discount = .fixed(amount: try container.field(Int64.self, .amount))
        case .percent:
            if container.contains(.amount) {
                throw RediclaimError.invalid("coupon.amount", "coupon.amount does not apply to a PERCENT coupon")
            }
            discount = .percent(
                try container.field(Int.self, .percent),
                maxDiscount: try container.field(Int64.self, .maxDiscount))
        }
        try self.init(
            discount: discount,
            minOrderAmount: try container.optionalField(Int64.self, .minOrderAmount) ?? 0,
            validDays: try container.field(Int.self, .validDays))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind.rawValue, forKey: .type)
        switch discount {
        case .fixed(let amount):
            try container.encode(amount, forKey: .amount)
        case .percent(let percent, let maxDiscount):
            try container.encode(percent, forKey: .percent)
            try container.encode(maxDiscount, forKey: .maxDiscount)
        }
        try container.encode(minOrderAmount, forKey: .minOrderAmount)
        try container.encode(validDays, forKey: .validDays)
    }
}
