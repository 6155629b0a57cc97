import Foundation
import RediclaimCore
import RediclaimKafka
import RediclaimStore

/// One message of the DLQ topic, decoded, with what `dlq` did about it.
struct DLQItem: Sendable {
    let id: DeadLetterID
    let message: KafkaMessage
    /// nil when the message is not a dead-letter record at all.
    let letter: DeadLetter?
    /// The original's event and user, when the kept value is a whole, valid message of its topic.
    let original: (eventId: Int64, userId: String)?
    /// Why the original cannot be replayed, when it cannot.
    let problem: String?
    let replay: DeadLetterLedger.Replay?

    init(_ message: KafkaMessage, replay: DeadLetterLedger.Replay?, kind: DLQKind = .requests) {
        id = DeadLetterID(partition: message.partition, offset: message.offset)
        self.message = message
        self.replay = replay
        let letter = try? DeadLetter.decode(message.value)
        self.letter = letter
        guard let letter else {
            original = nil
            problem = "not a dead-letter record"
            return
        }
        guard letter.isComplete, let bytes = letter.originalValue else {
            original = nil
            problem = "the original value was cut at \(DeadLetter.maxValueBytes) bytes"
            return
        }
        switch kind.decode(bytes) {
        case .success(let found):
            original = found
            problem = nil
        case .failure(let error):
            original = nil
            problem = "not a valid \(kind.originalName): \(error.message)"
        }
    }

    /// When it failed (epoch ms): the record's time, else the message's.
    var failedAtMs: Int64 { letter?.failedAt ?? message.timestampMilliseconds ?? 0 }

    /// The message to publish to `topic` for a replay: the original key and bytes, as they were.
    func replayMessage(topic: String) -> KafkaOutgoingMessage? {
        guard original != nil, let letter, let value = letter.originalValue else { return nil }
        return KafkaOutgoingMessage(topic: topic, key: letter.key.map { Array($0.utf8) }, value: value)
    }

    /// The entry as `dlq list` shows it.
    func view(nowMs: Int64) -> DLQEntry {
        DLQEntry(
            id: id.description, partition: id.partition, offset: id.offset, errorCode: letter?.errorCode ?? "?",
            error: letter?.error ?? "not a dead-letter record", errorDetail: letter?.errorDetail,
            origin: letter.map { DLQEntry.Origin(topic: $0.topic, partition: $0.partition, offset: $0.offset) },
            key: letter?.key ?? message.keyString, eventId: original?.eventId, userId: original?.userId,
            failedAt: failedAtMs > 0 ? Timestamps.iso8601(Timestamps.date(epochMillis: failedAtMs)) : nil,
            ageSeconds: failedAtMs > 0 ? Double(max(0, nowMs - failedAtMs)) / 1000 : nil, attempts: letter?.attempts,
            replayed: replay != nil, replayCount: replay?.count ?? 0,
            replayedAt: replay.map { Timestamps.iso8601($0.replayedAt) }, notReplayable: problem)
    }
}

/// A dead letter as `dlq list --json` prints it.
struct DLQEntry: Encodable, Sendable {
    struct Origin: Encodable, Sendable {
        let topic: String
        let partition: Int32
        let offset: Int64
    }

    let id: String
    let partition: Int32
    let offset: Int64
    let errorCode: String
    let error: String
    let errorDetail: String?
    let origin: Origin?
    let key: String?
    let eventId: Int64?
    let userId: String?
    let failedAt: String?
    let ageSeconds: Double?
    let attempts: Int?
    let replayed: Bool
    let replayCount: Int
    let replayedAt: String?
    /// Why `dlq replay` cannot publish it again; nil when it can.
    let notReplayable: String?
}
