import RediclaimKafka
import TestSupport
import Testing

@Suite("Kafka produce and consume against Tansu", .timeLimit(.minutes(1)))
struct KafkaProduceConsumeTests {
    typealias Env = KafkaTestEnvironment

    @Test("10,000 keyed messages to 3 partitions all arrive once, in order per partition")
    func tenThousandKeyedMessages() async throws {
        let topic = try await Env.makeTopic("pc-10k", partitions: 3)
        let count = 10_000
        let producer = try Env.producer()
        let outgoing = (0..<count).map {
            KafkaOutgoingMessage(topic: topic, key: "key-\($0)", value: "value-\($0)")
        }
        let reports = await producer.sendAll(outgoing)
        await producer.close()
        let delivered = reports.compactMap { try? $0.get() }
        #expect(delivered.count == count)
        #expect(Set(delivered.map(\.partition)).count == 3)

        let group = uniqueName("pc-group")
        let consumer = try Env.consumer(group: group, topic: topic)
        var received: [KafkaMessage] = []
        let end = ContinuousClock.now + .seconds(45)
        while received.count < count, ContinuousClock.now < end {
            let batch = try await consumer.poll(maxMessages: 500, timeout: .milliseconds(200))
            received += batch
            try await consumer.commit(batch)
        }
        try await consumer.close()

        #expect(received.count == count)
        var seen: [String: String] = [:]
        for message in received { seen[message.keyString ?? ""] = message.valueString }
        #expect(seen.count == count)
        #expect((0..<count).allSatisfy { seen["key-\($0)"] == "value-\($0)" })

        // Per partition: offsets strictly increase and messages keep their send order.
        for partition in Int32(0)..<3 {
            let inPartition = received.filter { $0.partition == partition }
            let offsets = inPartition.map(\.offset)
            let indices = inPartition.compactMap { $0.keyString.flatMap { Int($0.dropFirst(4)) } }
            #expect(offsets == offsets.sorted() && Set(offsets).count == offsets.count)
            #expect(indices == indices.sorted())
        }
        // Same key -> same partition as the delivery report said.
        let reported = Dictionary(uniqueKeysWithValues: delivered.enumerated().map { ("key-\($0.offset)", $0.element.partition) })
        #expect(received.allSatisfy { reported[$0.keyString ?? ""] == $0.partition })

        // Everything consumed was committed: lag 0 on every partition.
        let admin = try KafkaAdmin(client: Env.client, logger: Env.logger("admin"))
        let committed = try await admin.committedOffsets(group: group, topic: topic)
        for partition in Int32(0)..<3 {
            let marks = try await admin.watermarks(topic: topic, partition: partition)
            #expect(committed[partition] == marks.high, "partition \(partition)")
        }
        await admin.close()
        await Env.dropTopic(topic)
    }

    @Test("a second consumer resumes after the committed offsets: no loss, no re-read")
    func resumeAfterCommit() async throws {
        let topic = try await Env.makeTopic("pc-resume", partitions: 3)
        let producer = try Env.producer()
        let sent = await producer.sendAll((0..<300).map {
            KafkaOutgoingMessage(topic: topic, key: "k\($0)", value: "v\($0)")
        })
        await producer.close()
        try #require(sent.allSatisfy { (try? $0.get()) != nil })
        let perPartition = Dictionary(grouping: sent.compactMap { try? $0.get() }, by: \.partition)
            .mapValues(\.count)

        let group = uniqueName("pc-resume-group")
        let first = try Env.consumer(group: group, topic: topic)
        let all = try await Env.consume(first, count: 300)
        #expect(all.count == 300)
        // Finish (and commit) only the first 10 of each partition; the rest is "not done yet".
        let commits = (Int32(0)..<3).map { KafkaOffsetCommit(topic: topic, partition: $0, nextOffset: 10) }
        try await first.close(committing: commits)

        let second = try Env.consumer(group: group, topic: topic)
        let rest = try await Env.consume(second, count: 270)
        // Nothing beyond what was left should show up (give stragglers a moment).
        let extra = try await second.poll(maxMessages: 100, timeout: .milliseconds(500))
        try await second.close()

        #expect(rest.count == 270)
        #expect(extra.isEmpty)
        #expect(rest.allSatisfy { $0.offset >= 10 })
        for partition in Int32(0)..<3 {
            let offsets = rest.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets.first == 10)
            #expect(offsets.count == (perPartition[partition] ?? 0) - 10)
        }
        let keys = Set((all.filter { $0.offset < 10 } + rest).compactMap(\.keyString))
        #expect(keys.count == 300)
        await Env.dropTopic(topic)
    }

    @Test("headers and single sends round-trip; an assigned consumer reads from a given offset")
    func headersAndAssignMode() async throws {
        let topic = try await Env.makeTopic("pc-assign", partitions: 1)
        let producer = try Env.producer()
        var reports: [KafkaDeliveryReport] = []
        for index in 0..<5 {
            reports.append(try await producer.send(KafkaOutgoingMessage(
                topic: topic, key: "k\(index)", value: "v\(index)",
                headers: [KafkaHeader(name: "attempt", value: "\(index)")])))
        }
        await producer.close()
        #expect(reports.map(\.offset) == [0, 1, 2, 3, 4])

        let reader = try KafkaConsumer(
            assign: [KafkaPartitionAssignment(topic: topic, partition: 0, start: .offset(2))],
            client: Env.client, logger: Env.logger("assign"))
        var read: [KafkaMessage] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while read.count < 3, ContinuousClock.now < deadline {
            read += try await reader.poll(maxMessages: 2, timeout: .milliseconds(200))
        }
        await #expect(throws: KafkaError.self) { try await reader.commit(read) }
        try await reader.close()
        #expect(read.map(\.offset) == [2, 3, 4])
        #expect(read.map(\.valueString) == ["v2", "v3", "v4"])
        #expect(read.last?.header("attempt")?.value == Array("4".utf8))
        await Env.dropTopic(topic)
    }
}
