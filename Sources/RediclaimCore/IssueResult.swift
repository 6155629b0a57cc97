/// `coupon.issue.result`: the issuer's final answer for one request, after its DB commit.
/// Wire form (v1): `{"couponCode":"…","eventId":1001,"expiresAt":1736294400000,"issuedAt":1735689600000,`
/// `"requestId":"1001:u-42","status":"ISSUED","userId":"u-42","v":1}`, or `"status":"SOLD_OUT"` with no
/// coupon fields. Times are epoch milliseconds.
public struct IssueResult: VersionedMessage {
    public static let version = 1

    /// The final statuses a result can carry.
    public enum Status: String, Sendable, Hashable, CaseIterable, Codable {
        case issued = "ISSUED"
        case soldOut = "SOLD_OUT"

        /// The user status the gate writes for this result.
        public var userStatus: UserStatus {
            switch self {
            case .issued: .issued
            case .soldOut: .soldOut
            }
        }
    }

    /// The coupon an ISSUED result carries.
    public struct Coupon: Sendable, Hashable {
        public let code: String
        /// Epoch milliseconds.
        public let expiresAt: Int64
        /// Epoch milliseconds, when known.
        public let issuedAt: Int64?
    }

    /// ISSUED with its coupon, or SOLD_OUT: an ISSUED result without a coupon cannot be built.
    public enum Outcome: Sendable, Hashable {
        case issued(Coupon)
        case soldOut
    }

    public let requestId: String
    public let eventId: Int64
    public let userId: String
    public let outcome: Outcome

    private init(requestId: String, eventId: Int64, userId: String, outcome: Outcome) throws(RediclaimError) {
        try MessageRules.requestId(requestId)
        try Validate.eventId(eventId)
        try Validate.userId(userId)
        if case .issued(let coupon) = outcome {
            if coupon.code.isEmpty || coupon.code.unicodeScalars.count > MessageRules.maxCouponCodeLength {
                throw .invalid(
                    "couponCode", "couponCode must have 1 to \(MessageRules.maxCouponCodeLength) characters")
            }
            try MessageRules.epochMillis(coupon.expiresAt, field: "expiresAt")
            if let issuedAt = coupon.issuedAt { try MessageRules.epochMillis(issuedAt, field: "issuedAt") }
        }
        self.requestId = requestId
        self.eventId = eventId
        self.userId = userId
        self.outcome = outcome
    }

    /// A coupon was issued (or had been: redeliveries report the same coupon).
    public static func issued(
        requestId: String, eventId: Int64, userId: String, couponCode: String, expiresAt: Int64,
        issuedAt: Int64? = nil
    ) throws(RediclaimError) -> IssueResult {
        try IssueResult(
            requestId: requestId, eventId: eventId, userId: userId,
            outcome: .issued(Coupon(code: couponCode, expiresAt: expiresAt, issuedAt: issuedAt)))
    }

    /// No stock was left for this user.
    public static func soldOut(requestId: String, eventId: Int64, userId: String) throws(RediclaimError)
        -> IssueResult
    {
        try IssueResult(requestId: requestId, eventId: eventId, userId: userId, outcome: .soldOut)
    }

    public var status: Status {
        if case .issued = outcome { return .issued }
        return .soldOut
    }

    public var coupon: Coupon? {
        if case .issued(let coupon) = outcome { return coupon }
        return nil
    }

    /// The Kafka message key.
    public var key: String { MessageKey.make(eventId: eventId, userId: userId) }
}
