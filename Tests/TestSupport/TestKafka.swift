import Foundation
import RediclaimKafka

/// Kafka helpers for tests: private topics, and reading a topic back.
public enum TestKafka {
    public static func client(_ brokers: String = TestStack.kafkaBrokers) -> KafkaClientConfiguration {
        KafkaClientConfiguration(brokers: brokers, clientID: "rediclaim-test")
    }

    /// A fresh topic with `partitions` partitions.
    public static func topic(_ prefix: String, partitions: Int = 3, brokers: String = TestStack.kafkaBrokers) async throws -> String {
        let name = uniqueName(prefix)
        let admin = try KafkaAdmin(client: client(brokers), logger: TestServers.logger)
        _ = try await admin.createTopic(name, partitions: partitions)
        await admin.close()
        return name
    }

    public static func producer(brokers: String = TestStack.kafkaBrokers, messageTimeout: Duration = .seconds(30)) throws -> KafkaProducer {
        try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: client(brokers), linger: .milliseconds(2), messageTimeout: messageTimeout),
            logger: TestServers.logger)
    }

    /// Reads every partition from the beginning until `atLeast` messages arrived or `timeout` passed.
    public static func readAll(
        topic: String, partitions: Int, atLeast: Int, timeout: Duration = .seconds(20), brokers: String = TestStack.kafkaBrokers
    ) async throws -> [KafkaMessage] {
        let assignments = (0..<partitions).map { KafkaPartitionAssignment(topic: topic, partition: Int32($0), start: .beginning) }
        let consumer = try KafkaConsumer(assign: assignments, client: client(brokers), logger: TestServers.logger)
        var messages: [KafkaMessage] = []
        let deadline = ContinuousClock.now + timeout
        while messages.count < atLeast && ContinuousClock.now < deadline {
            messages += try await consumer.poll(maxMessages: 5_000, timeout: .milliseconds(300))
        }
        // A short grace period catches duplicates that would otherwise go unseen.
        messages += try await consumer.poll(maxMessages: 5_000, timeout: .milliseconds(300))
        try? await consumer.close()
        return messages
    }
}
