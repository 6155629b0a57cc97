import Foundation
import RediclaimCore
import RediclaimKafka

extension DeadLetter {
    /// The dead letter of a consumed message that failed with `failure`.
    public init(message: KafkaMessage, failure: IssuerError, attempts: Int, failedAt: Date = Date()) {
        self.init(
            errorCode: failure.code.rawValue, error: failure.message, errorDetail: failure.detail, topic: message.topic,
            partition: message.partition, offset: message.offset, key: message.key, value: message.value,
            attempts: attempts, failedAt: failedAt)
    }
}

/// A dead letter with the key to publish it under (the original key, bytes as they were).
struct DeadLetterMessage: Sendable {
    let record: DeadLetter
    let key: [UInt8]?
    /// The request, when it decoded: its user's outcome is recorded as DEAD_LETTERED.
    let request: IssueRequested?

    init(_ message: KafkaMessage, failure: IssuerError, attempts: Int, request: IssueRequested? = nil) {
        record = DeadLetter(message: message, failure: failure, attempts: attempts)
        key = message.key
        self.request = request
    }

    func outgoing(topic: String) -> KafkaOutgoingMessage {
        KafkaOutgoingMessage(topic: topic, key: key, value: record.encoded())
    }
}
