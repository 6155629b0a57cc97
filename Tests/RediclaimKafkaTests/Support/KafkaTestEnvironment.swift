import Logging
import RediclaimKafka
import TestSupport
import Testing

/// Shared setup for the integration tests against the local Tansu broker.
enum KafkaTestEnvironment {
    static let brokers = TestStack.kafkaBrokers

    static var client: KafkaClientConfiguration {
        KafkaClientConfiguration(brokers: brokers, clientID: "rediclaim-tests")
    }

    static func logger(_ label: String) -> Logger {
        // Tests provoke broker failures on purpose; only fatal lines are worth printing.
        var logger = Logger(label: "kafka-tests.\(label)")
        logger.logLevel = .critical
        return logger
    }

    /// Fails with a hint when the old Debian librdkafka is loaded (it cannot talk to Tansu).
    static func requireModernLibrdkafka() throws {
        let version = Kafka.librdkafkaVersion
        try #require(
            !Kafka.isOutdatedLibrdkafka,
            """
            librdkafka \(version) is loaded; Tansu needs the newer one. Run the tests with \
            LD_LIBRARY_PATH=<repo>/.run/lib (scripts/setup.sh puts librdkafka.so.1 2.x there).
            """)
    }

    /// A fresh topic with `partitions` partitions; fails clearly when the broker is unreachable.
    static func makeTopic(_ prefix: String, partitions: Int) async throws -> String {
        try requireModernLibrdkafka()
        let admin = try KafkaAdmin(client: client, logger: logger("admin"))
        defer { Task { await admin.close() } }
        let name = uniqueName(prefix)
        do {
            try await admin.createTopic(name, partitions: partitions, timeout: .seconds(10))
        } catch {
            Issue.record("Kafka broker at \(brokers) unreachable or refused CreateTopics: \(error.debugDescription)")
            throw error
        }
        try await waitForPartitions(admin, topic: name, count: partitions)
        return name
    }

    /// Best-effort removal: the shared broker keeps topics in memory.
    static func dropTopic(_ name: String) async {
        guard let admin = try? KafkaAdmin(client: client, logger: logger("admin")) else { return }
        _ = try? await admin.deleteTopic(name)
        await admin.close()
    }

    /// Metadata can lag right after creation; wait until all partitions are visible.
    static func waitForPartitions(_ admin: KafkaAdmin, topic: String, count: Int) async throws {
        for _ in 0..<50 {
            let topics = try await admin.listTopics()
            if topics.first(where: { $0.name == topic })?.partitionCount == count { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("topic \(topic) never showed \(count) partitions")
    }

    static func producer(
        messageTimeout: Duration = .seconds(20), brokers: String = brokers,
        logger: Logger = logger("producer")
    ) throws -> KafkaProducer {
        try requireModernLibrdkafka()
        return try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                client: KafkaClientConfiguration(brokers: brokers, clientID: "rediclaim-tests"),
                messageTimeout: messageTimeout),
            logger: logger)
    }

    static func consumer(
        group: String, topic: String, strategy: KafkaAssignmentStrategy = .cooperativeSticky,
        sessionTimeout: Duration = .seconds(10), maxPollInterval: Duration = .seconds(300), logger: Logger = logger("consumer")
    ) throws -> KafkaConsumer {
        try requireModernLibrdkafka()
        return try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                client: client, groupID: group, assignmentStrategy: strategy,
                sessionTimeout: sessionTimeout, maxPollInterval: maxPollInterval),
            topics: [topic], logger: logger)
    }

    /// Polls until `count` messages arrived or `deadline` passed.
    static func consume(
        _ consumer: KafkaConsumer, count: Int, within deadline: Duration = .seconds(40)
    ) async throws -> [KafkaMessage] {
        var messages: [KafkaMessage] = []
        let end = ContinuousClock.now + deadline
        while messages.count < count, ContinuousClock.now < end {
            messages += try await consumer.poll(maxMessages: 1000, timeout: .milliseconds(200))
        }
        return messages
    }
}
