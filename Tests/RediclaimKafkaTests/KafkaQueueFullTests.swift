import RediclaimKafka
import Testing

@Suite("Kafka producer under a full local queue", .timeLimit(.minutes(1)))
struct KafkaQueueFullTests {
    typealias Env = KafkaTestEnvironment

    @Test("sendAll with a 50-message local queue still delivers 5,000 messages, in order")
    func queueFullIsRetried() async throws {
        let topic = try await Env.makeTopic("queue-full", partitions: 1)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                client: Env.client, linger: .milliseconds(1), maxQueuedMessages: 50),
            logger: Env.logger("producer"))
        let results = await producer.sendAll((0..<5_000).map {
            KafkaOutgoingMessage(topic: topic, key: nil, value: "m\($0)")
        })
        // Concurrent single sends also wait for room instead of failing.
        let singles = try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await producer.send(KafkaOutgoingMessage(topic: topic, key: nil, value: "s\(index)"))
                }
            }
            return try await group.reduce(into: 0) { count, _ in count += 1 }
        }
        await producer.close()
        let offsets = results.compactMap { try? $0.get().offset }
        #expect(offsets.count == 5_000)
        #expect(offsets == offsets.sorted())
        #expect(singles == 200)
        await Env.dropTopic(topic)
    }
}
