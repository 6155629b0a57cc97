import Foundation

/// A message that could not be issued, as the issuer writes it to the DLQ topic (JSON, under the
/// original key): the error, where the message was, and its original bytes (UTF-8 text when valid,
/// else base64, said by `valueEncoding`). The issuer writes it; `rediclaimctl dlq` reads it.
public struct DeadLetter: Codable, Sendable, Hashable {
    public static let version = 1
    /// Longest original value kept: a poison message near the broker's size limit must not make
    /// a dead letter the broker refuses (that would block the partition for good).
    public static let maxValueBytes = 65_536

    public var v: Int
    /// The issuer's error code: `undecodable`, `unknownEvent`, `rejected`, ...
    public var errorCode: String
    /// Safe description of why the message failed.
    public var error: String
    /// The underlying error, for operators.
    public var errorDetail: String?
    /// Where the original message was.
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    /// The original key as text, if it had one.
    public var key: String?
    public var value: String
    /// `utf8` or `base64`.
    public var valueEncoding: String
    /// The original value's size in bytes; `value` holds only the first `maxValueBytes` when larger.
    public var valueBytes: Int
    /// Epoch milliseconds.
    public var failedAt: Int64
    public var attempts: Int

    /// A dead letter for the message at `topic`/`partition`/`offset` with `key` and `value` (bytes as
    /// they were), failed with `errorCode` after `attempts` tries.
    public init(
        errorCode: String, error: String, errorDetail: String? = nil, topic: String, partition: Int32, offset: Int64,
        key: [UInt8]?, value: [UInt8], attempts: Int, failedAt: Date = Date()
    ) {
        v = Self.version
        self.errorCode = errorCode
        self.error = error
        self.errorDetail = errorDetail
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key.map { String(decoding: $0, as: UTF8.self) }
        valueBytes = value.count
        let kept = value.prefix(Self.maxValueBytes)
        if let text = String(validating: kept, as: UTF8.self) {
            self.value = text
            valueEncoding = "utf8"
        } else {
            self.value = Data(kept).base64EncodedString()
            valueEncoding = "base64"
        }
        self.failedAt = Timestamps.epochMillis(failedAt)
        self.attempts = attempts
    }

    /// The original value bytes (the kept prefix when `valueBytes > maxValueBytes`).
    public var originalValue: [UInt8]? {
        valueEncoding == "base64" ? Data(base64Encoded: value).map { Array($0) } : Array(value.utf8)
    }

    /// Whether `value` holds the whole original, so it can be published again as it was.
    public var isComplete: Bool { originalValue?.count == valueBytes }

    /// The JSON written to the DLQ topic (keys sorted, so the bytes are stable).
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings and integers only: encoding cannot fail.
        return (try? encoder.encode(self)).map { Array($0) } ?? []
    }

    /// Decodes a DLQ message value.
    public static func decode(_ bytes: [UInt8]) throws(RediclaimError) -> DeadLetter {
        try JSONInput.decode(DeadLetter.self, from: Data(bytes))
    }
}
