import Foundation
import Logging
import RediclaimCore
import RediclaimKafka
import RediclaimStore

/// Publishes one `IssueRequested` per released user and clears its pending entry once the broker
/// acknowledged it. A failed send leaves the entry pending: the ticker re-publishes it later (at-least-once).
struct Dispatcher: Sendable {
    let gate: Gate
    let producer: KafkaProducer
    let codec = MessageCodec()

    func dispatch(eventId: Int64, users: [ReleasedUser], openAtMs: Int64?, epoch: Int? = nil) async {
        guard !users.isEmpty else { return }
        var messages: [KafkaOutgoingMessage] = []
        messages.reserveCapacity(users.count)
        var sent: [String] = []
        for user in users {
            do {
                let request = try IssueRequested(
                    eventId: eventId, userId: user.userId, seq: user.score.seq, releasedAt: user.releasedAtMs,
                    enqueuedAt: openAtMs.map { $0 + user.score.secondsSinceOpen * 1000 }, epoch: epoch)
                messages.append(
                    KafkaOutgoingMessage(
                        topic: gate.settings.requestTopic, key: Array(request.key.utf8), value: Array(codec.encode(request))))
                sent.append(user.userId)
            } catch {
                // Cannot happen for ids the gate validated; logged rather than lost silently.
                gate.logger.error("cannot build IssueRequested", metadata: [GateLogKey.userId: "\(user.userId)", GateLogKey.error: "\(error)"])
            }
        }
        let reports = await producer.sendAll(messages)
        var acknowledged: [String] = []
        for (user, report) in zip(sent, reports) {
            switch report {
            case .success: acknowledged.append(user)
            case .failure(let error):
                gate.metrics.deliveryFailures.increment()
                gate.logger.warning(
                    "IssueRequested not delivered; will re-publish",
                    metadata: [GateLogKey.eventId: "\(eventId)", GateLogKey.userId: "\(user)", GateLogKey.error: "\(error)"])
            }
        }
        do {
            try await gate.room.acknowledge(eventId: eventId, userIds: acknowledged)
        } catch {
            // The entries stay pending and are re-published: a duplicate, never a loss.
            gate.logger.warning("cannot clear pending entries", metadata: [GateLogKey.eventId: "\(eventId)", GateLogKey.error: "\(error)"])
        }
    }
}
