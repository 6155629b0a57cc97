import Foundation

/// Stable camelCase names shared by the YAML event file and the admin API; dates are ISO-8601 strings
/// whatever the encoder's date strategy, so JSON and YAML agree.
extension Event: Codable {
    enum CodingKeys: String, CodingKey {
        case id, name, stock, openAt, closeAt, releaseRate, coupon, maxWaiting, preQueueSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            id: try container.field(Int64.self, .id),
            name: try container.field(String.self, .name),
            stock: try container.field(Int64.self, .stock),
            openAt: try Self.decodeDate(container, .openAt),
            closeAt: try Self.decodeDate(container, .closeAt),
            releaseRate: try container.field(Int.self, .releaseRate),
            coupon: try container.field(CouponPolicy.self, .coupon),
            maxWaiting: try container.optionalField(Int64.self, .maxWaiting),
            preQueueSeconds: try container.optionalField(Int.self, .preQueueSeconds) ?? 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(stock, forKey: .stock)
        try container.encode(Timestamps.iso8601(openAt), forKey: .openAt)
        try container.encode(Timestamps.iso8601(closeAt), forKey: .closeAt)
        try container.encode(releaseRate, forKey: .releaseRate)
        try container.encode(coupon, forKey: .coupon)
        try container.encodeIfPresent(maxWaiting, forKey: .maxWaiting)
        if preQueueSeconds > 0 { try container.encode(preQueueSeconds, forKey: .preQueueSeconds) }
    }

    private static func decodeDate(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws
        -> Date
    {
        let text = try container.field(String.self, key)
        guard let date = Timestamps.parseISO8601(text) else {
            throw RediclaimError.invalid(
                key.stringValue,
                "\(key.stringValue) must be an ISO-8601 timestamp such as 2025-01-01T09:00:00Z "
                    + "(got \(RediclaimError.quote(text)))")
        }
        return date
    }
}
