import Logging
import RediclaimKafka
import TestSupport
import Testing

@Suite("Kafka consumer group rebalancing", .timeLimit(.minutes(1)))
struct KafkaRebalanceTests {
    typealias Env = KafkaTestEnvironment

    @Test(
        "two consumers in one group split the partitions",
        arguments: [KafkaAssignmentStrategy.cooperativeSticky, .range])
    func twoConsumersSplitPartitions(strategy: KafkaAssignmentStrategy) async throws {
        let topic = try await Env.makeTopic("rebalance", partitions: 4)
        let group = uniqueName("rebalance-group")
        let store = CollectingLogHandler.Store()
        var logger = Logger(label: "rebalance") { _ in CollectingLogHandler(store: store) }
        logger.logLevel = .info
        let first = try Env.consumer(group: group, topic: topic, strategy: strategy, logger: logger)
        let second = try Env.consumer(group: group, topic: topic, strategy: strategy, logger: logger)

        // Both must keep polling: that is where rebalance callbacks run.
        let all = Set((Int32(0)..<4).map { KafkaTopicPartition(topic: topic, partition: $0) })
        var split: ([KafkaTopicPartition], [KafkaTopicPartition]) = ([], [])
        let end = ContinuousClock.now + .seconds(45)
        while ContinuousClock.now < end {
            async let a = first.poll(maxMessages: 10, timeout: .milliseconds(200))
            async let b = second.poll(maxMessages: 10, timeout: .milliseconds(200))
            _ = try await (a, b)
            split = (try await first.assignment(), try await second.assignment())
            let (x, y) = (Set(split.0), Set(split.1))
            if !x.isEmpty, !y.isEmpty, x.isDisjoint(with: y), x.union(y) == all { break }
        }
        #expect(!split.0.isEmpty && !split.1.isEmpty, "assignments: \(split)")
        #expect(Set(split.0).isDisjoint(with: Set(split.1)))
        #expect(Set(split.0).union(Set(split.1)) == all)

        // When one leaves, the other takes everything over.
        try await second.close()
        var after: [KafkaTopicPartition] = []
        let end2 = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < end2 {
            _ = try await first.poll(maxMessages: 10, timeout: .milliseconds(200))
            after = try await first.assignment()
            if Set(after) == all { break }
        }
        #expect(Set(after) == all)
        try await first.close()

        // The rebalance callback ran with the protocol the strategy implies.
        let expected = strategy == .cooperativeSticky ? "COOPERATIVE" : "EAGER"
        let protocols = Set(store.all.compactMap { $0.metadata["kafka.rebalance.protocol"]?.description })
        #expect(protocols == [expected])
        await Env.dropTopic(topic)
    }
}
