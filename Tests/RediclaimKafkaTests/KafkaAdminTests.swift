import RediclaimKafka
import TestSupport
import Testing

@Suite("Kafka admin against Tansu", .timeLimit(.minutes(1)))
struct KafkaAdminTests {
    @Test("create-if-absent twice, then list shows the partition count")
    func createTwiceAndList() async throws {
        try KafkaTestEnvironment.requireModernLibrdkafka()
        let admin = try KafkaAdmin(client: KafkaTestEnvironment.client, logger: KafkaTestEnvironment.logger("admin"))
        let name = uniqueName("admin-topic")
        let created = try await admin.createTopic(name, partitions: 3)
        let again = try await admin.createTopic(name, partitions: 3)
        #expect(created)
        #expect(!again)
        try await KafkaTestEnvironment.waitForPartitions(admin, topic: name, count: 3)
        let topics = try await admin.listTopics()
        #expect(topics.first { $0.name == name }?.partitionCount == 3)
        #expect(try await admin.deleteTopic(name))
        #expect(try await !admin.listTopics().contains { $0.name == name })
        await admin.close()
    }

    @Test("watermarks follow produced messages")
    func watermarks() async throws {
        let topic = try await KafkaTestEnvironment.makeTopic("admin-wm", partitions: 1)
        let admin = try KafkaAdmin(client: KafkaTestEnvironment.client, logger: KafkaTestEnvironment.logger("admin"))
        let before = try await admin.watermarks(topic: topic, partition: 0)
        #expect(before.high == before.low)
        let producer = try KafkaTestEnvironment.producer()
        let results = await producer.sendAll((0..<5).map {
            KafkaOutgoingMessage(topic: topic, key: "k\($0)", value: "v\($0)")
        })
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        await producer.close()
        let after = try await admin.watermarks(topic: topic, partition: 0)
        #expect(after.high - before.high == 5)
        await admin.close()
        await KafkaTestEnvironment.dropTopic(topic)
    }

    @Test("closed admin client refuses calls with .closed")
    func closedAdmin() async throws {
        try KafkaTestEnvironment.requireModernLibrdkafka()
        let admin = try KafkaAdmin(client: KafkaTestEnvironment.client, logger: KafkaTestEnvironment.logger("admin"))
        await admin.close()
        await #expect(throws: KafkaError.self) { try await admin.listTopics() }
    }
}
