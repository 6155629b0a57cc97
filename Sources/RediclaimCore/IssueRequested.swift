/// `coupon.issue.requested`: the gate released a user; the issuer should try to issue a coupon.
/// Wire form (v1): `{"eventId":1001,"releasedAt":1735689600123,"requestId":"1001:u-42","seq":17,"userId":"u-42","v":1}`
/// plus optional `enqueuedAt` and `epoch`. Times are epoch milliseconds.
public struct IssueRequested: VersionedMessage {
    public static let version = 1

    /// Stable across re-publishes of the same release, so the issuer can de-duplicate.
    public let requestId: String
    public let eventId: Int64
    public let userId: String
    /// The user's queue sequence number (from INCR, so 1 or more).
    public let seq: Int64
    /// When the gate released the user (epoch ms).
    public let releasedAt: Int64
    /// When the user enqueued (epoch ms), if known.
    public let enqueuedAt: Int64?
    /// The event's runtime epoch at the release: bumped each time a lost Redis is rebuilt, so audits
    /// compare queue order only within one Redis lifetime. nil from older gates.
    public let epoch: Int?

    /// `requestId` defaults to the message key `"eventId:userId"` (one request per user and event).
    public init(
        requestId: String? = nil, eventId: Int64, userId: String, seq: Int64, releasedAt: Int64,
        enqueuedAt: Int64? = nil, epoch: Int? = nil
    ) throws(RediclaimError) {
        let requestId = requestId ?? MessageKey.make(eventId: eventId, userId: userId)
        try MessageRules.requestId(requestId)
        try Validate.eventId(eventId)
        try Validate.userId(userId)
        if seq < 1 {
            throw .invalid("seq", "seq must be at least 1 (got \(seq))")
        }
        try MessageRules.epochMillis(releasedAt, field: "releasedAt")
        if let enqueuedAt { try MessageRules.epochMillis(enqueuedAt, field: "enqueuedAt") }
        if let epoch, epoch < 0 { throw .invalid("epoch", "epoch must not be negative (got \(epoch))") }
        self.requestId = requestId
        self.eventId = eventId
        self.userId = userId
        self.seq = seq
        self.releasedAt = releasedAt
        self.enqueuedAt = enqueuedAt
        self.epoch = epoch
    }

    /// The Kafka message key.
    public var key: String { MessageKey.make(eventId: eventId, userId: userId) }
}

extension IssueRequested {
    enum CodingKeys: String, CodingKey {
        case v, requestId, eventId, userId, seq, releasedAt, enqueuedAt, epoch
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try Self.checkVersion(container, key: .v)
        try self.init(
            requestId: try container.field(String.self, .requestId),
            eventId: try container.field(Int64.self, .eventId),
            userId: try container.field(String.self, .userId),
            seq: try container.field(Int64.self, .seq),
            releasedAt: try container.field(Int64.self, .releasedAt),
            enqueuedAt: try container.optionalField(Int64.self, .enqueuedAt),
            epoch: try container.optionalField(Int.self, .epoch))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.version, forKey: .v)
        try container.encode(requestId, forKey: .requestId)
        try container.encode(eventId, forKey: .eventId)
        try container.encode(userId, forKey: .userId)
        try container.encode(seq, forKey: .seq)
        try container.encode(releasedAt, forKey: .releasedAt)
        try container.encodeIfPresent(enqueuedAt, forKey: .enqueuedAt)
        try container.encodeIfPresent(epoch, forKey: .epoch)
    }
}
