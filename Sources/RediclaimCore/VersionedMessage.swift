/// A Kafka message body: Codable JSON carrying `"v"`, decoded only when `v` equals `version`.
public protocol VersionedMessage: Codable, Sendable, Hashable {
    /// The `"v"` this build writes and reads.
    static var version: Int { get }
    /// The plain wire form read without JSONDecoder, or nil to leave the input to the full decoder.
    static func decodePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Self?
    /// The wire form written without JSONEncoder: the same bytes the Codable path writes.
    func encodePlain() -> [UInt8]?
}

extension VersionedMessage {
    public static func decodePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Self? { nil }
    public func encodePlain() -> [UInt8]? { nil }
}

/// The Kafka message key of a user's request and result: `"eventId:userId"`, so one user's
/// messages stay on one partition in order.
public enum MessageKey {
    public static func make(eventId: Int64, userId: String) -> String {
        "\(eventId):\(userId)"
    }
}

extension VersionedMessage {
    /// Reads `"v"` first so a newer message fails with "unsupported version", not a field error.
    static func checkVersion<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, key: Key) throws {
        let version = try container.field(Int.self, key)
        if version != Self.version {
            throw RediclaimError(
                .unsupportedVersion, field: "v",
                message: "unsupported \(Self.self) version \(version): this build reads version \(Self.version)")
        }
    }
}

/// Checks shared by the message types.
enum MessageRules {
    static let maxRequestIdLength = 200
    static let maxCouponCodeLength = 64

    static func requestId(_ value: String) throws(RediclaimError) {
        if value.isEmpty {
            throw .invalid("requestId", "requestId must not be empty")
        }
        if value.unicodeScalars.count > maxRequestIdLength {
            throw .invalid("requestId", "requestId is longer than \(maxRequestIdLength) characters")
        }
    }

    static func epochMillis(_ value: Int64, field: String) throws(RediclaimError) {
        if value < 0 {
            throw .invalid(field, "\(field) must be epoch milliseconds, not negative (got \(value))")
        }
    }
}
