import Foundation
import RediclaimCore
import RediclaimKafka
import TestSupport
import Testing

/// Publishes requests the way the gate does (key `eventId:userId`) and reads results back.
enum RequestTraffic {
    static func request(eventId: Int64 = 1001, user: String, seq: Int64 = 1) throws -> KafkaOutgoingMessage {
        let request = try IssueRequested(
            eventId: eventId, userId: user, seq: seq, releasedAt: Timestamps.epochMillis(Date()))
        return KafkaOutgoingMessage(
            topic: "", key: Array(request.key.utf8), value: Array(MessageCodec().encode(request)))
    }

    /// Sends `messages` to `topic`; every delivery must succeed.
    static func publish(_ messages: [KafkaOutgoingMessage], to topic: String) async throws {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: IssuerTestStack.kafka, messageTimeout: .seconds(20)),
            logger: IssuerTestStack.logger("producer"))
        var failures = 0
        for start in stride(from: 0, to: messages.count, by: 5_000) {
            let chunk = messages[start..<min(start + 5_000, messages.count)].map { message in
                var message = message
                message.topic = topic
                return message
            }
            for report in await producer.sendAll(Array(chunk)) {
                if case .failure = report { failures += 1 }
            }
        }
        await producer.close()
        try #require(failures == 0, "\(failures) requests were not delivered to \(topic)")
    }

    /// Reads `topic` from the beginning until `count` messages arrived or `deadline` passed.
    static func read(
        _ topic: String, partitions: Int, atLeast count: Int, within deadline: Duration = .seconds(60)
    ) async throws -> [KafkaMessage] {
        let consumer = try KafkaConsumer(
            assign: (0..<Int32(partitions)).map { KafkaPartitionAssignment(topic: topic, partition: $0, start: .beginning) },
            client: IssuerTestStack.kafka, logger: IssuerTestStack.logger("reader"))
        var messages: [KafkaMessage] = []
        let end = ContinuousClock.now + deadline
        while messages.count < count, ContinuousClock.now < end {
            messages += try await consumer.poll(maxMessages: 5_000, timeout: .milliseconds(200))
        }
        try await consumer.close()
        return messages
    }

    static func results(_ messages: [KafkaMessage]) throws -> [IssueResult] {
        try messages.map { try MessageCodec().decode(IssueResult.self, from: $0.value) }
    }
}
