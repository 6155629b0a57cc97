extension IssueResult {
    enum CodingKeys: String, CodingKey {
        case v, requestId, eventId, userId, status, couponCode, expiresAt, issuedAt
    }

    /// ISSUED must carry `couponCode` and `expiresAt`; SOLD_OUT must carry no coupon field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try Self.checkVersion(container, key: .v)
        let requestId = try container.field(String.self, .requestId)
        let eventId = try container.field(Int64.self, .eventId)
        let userId = try container.field(String.self, .userId)
        let statusText = try container.field(String.self, .status)
        switch Status(rawValue: statusText) {
        case .issued:
            self = try .issued(
                requestId: requestId, eventId: eventId, userId: userId,
                couponCode: try container.field(String.self, .couponCode),
                expiresAt: try container.field(Int64.self, .expiresAt),
                issuedAt: try container.optionalField(Int64.self, .issuedAt))
        case .soldOut:
            for key in [CodingKeys.couponCode, .expiresAt, .issuedAt] where container.contains(key) {
                throw RediclaimError.invalid(
                    key.stringValue, "\(key.stringValue) is only allowed when status is ISSUED")
            }
            self = try .soldOut(requestId: requestId, eventId: eventId, userId: userId)
        case nil:
            throw RediclaimError.invalid(
                "status", "status must be ISSUED or SOLD_OUT (got \(RediclaimError.quote(statusText)))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.version, forKey: .v)
        try container.encode(requestId, forKey: .requestId)
        try container.encode(eventId, forKey: .eventId)
        try container.encode(userId, forKey: .userId)
        try container.encode(status, forKey: .status)
        if let coupon {
            try container.encode(coupon.code, forKey: .couponCode)
            try container.encode(coupon.expiresAt, forKey: .expiresAt)
            try container.encodeIfPresent(coupon.issuedAt, forKey: .issuedAt)
        }
    }
}
