import Foundation
import RediclaimCore
import RediclaimKafka

/// A message that cannot be issued, as written to the DLQ: the error, where the message was, and
/// its original bytes (UTF-8 text when valid, else base64, said by `valueEncoding`).
public struct DeadLetter: Codable, Sendable, Hashable {
    public static let version = 1
    /// Longest original value kept: a poison message near the broker's size limit must not make
    /// a dead letter the broker refuses (that would block the partition for good).
    public static let maxValueBytes = 65_536

    public var v: Int
    /// The `IssuerError` code: `undecodable`, `unknownEvent`, `rejected`, ...
    public var errorCode: String
    /// Safe description of why the message failed.
    public var error: String
    /// The underlying error, for operators.
    public var errorDetail: String?
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

    public init(message: KafkaMessage, failure: IssuerError, attempts: Int, failedAt: Date = Date()) {
        v = Self.version
        errorCode = failure.code.rawValue
        error = failure.message
        errorDetail = failure.detail
        topic = message.topic
        partition = message.partition
        offset = message.offset
        key = message.key.map { String(decoding: $0, as: UTF8.self) }
        valueBytes = message.value.count
        let kept = message.value.prefix(Self.maxValueBytes)
        if let text = String(validating: kept, as: UTF8.self) {
            value = text
            valueEncoding = "utf8"
        } else {
            value = Data(kept).base64EncodedString()
            valueEncoding = "base64"
        }
        self.failedAt = Timestamps.epochMillis(failedAt)
        self.attempts = attempts
    }

    /// The original value bytes (the kept prefix when `valueBytes > maxValueBytes`).
    public var originalValue: [UInt8]? {
        valueEncoding == "base64" ? Data(base64Encoded: value).map { Array($0) } : Array(value.utf8)
    }
}

/// A dead letter with the key to publish it under (the original key, bytes as they were).
struct DeadLetterMessage: Sendable {
    let record: DeadLetter
    let key: [UInt8]?

    init(_ message: KafkaMessage, failure: IssuerError, attempts: Int) {
        record = DeadLetter(message: message, failure: failure, attempts: attempts)
        key = message.key
    }

    func outgoing(topic: String) -> KafkaOutgoingMessage {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings and integers only: encoding cannot fail.
        let value = (try? encoder.encode(record)).map { Array($0) } ?? []
        return KafkaOutgoingMessage(topic: topic, key: key, value: value)
    }
}
