import Logging
import RediclaimKafka

/// Reads a whole topic as it is now: every partition from its start (or from `start[partition]`) to the
/// high watermark seen at the beginning, without joining a group. `progress` hears the running count
/// about once a second.
struct TopicReader {
    let client: KafkaClientConfiguration
    let logger: Logger

    func readAll(
        _ topic: String, from start: [Int32: Int64] = [:], progress: (Int) -> Void = { _ in }
    ) async throws -> [KafkaMessage] {
        let admin = try KafkaAdmin(client: client, logger: logger)
        let info = try await admin.listTopics()
        guard let partitions = info.first(where: { $0.name == topic })?.partitionCount else {
            await admin.close()
            throw CtlError("topic \(topic) does not exist")
        }
        var ends: [Int32: Int64] = [:]
        var begins: [Int32: Int64] = [:]
        for p in 0..<Int32(partitions) {
            let marks = try await admin.watermarks(topic: topic, partition: p)
            let begin = max(marks.low, start[p] ?? marks.low)
            if marks.high > begin {
                ends[p] = marks.high
                begins[p] = begin
            }
        }
        await admin.close()
        guard !ends.isEmpty else { return [] }
        let consumer = try KafkaConsumer(
            assign: ends.keys.sorted().map {
                KafkaPartitionAssignment(topic: topic, partition: $0, start: .offset(begins[$0] ?? 0))
            },
            client: client, logger: logger)
        var messages: [KafkaMessage] = []
        var reached: [Int32: Int64] = [:]
        var lastReport = ContinuousClock.now
        var idlePolls = 0
        while ends.contains(where: { (reached[$0.key] ?? (begins[$0.key] ?? 0) - 1) + 1 < $0.value }) && idlePolls < 20 {
            let batch = try await consumer.poll(maxMessages: 10_000, timeout: .milliseconds(500))
            idlePolls = batch.isEmpty ? idlePolls + 1 : 0
            for m in batch where m.offset < (ends[m.partition] ?? 0) && m.offset >= (begins[m.partition] ?? 0) {
                messages.append(m)
                reached[m.partition] = max(reached[m.partition] ?? -1, m.offset)
            }
            if ContinuousClock.now - lastReport > .seconds(1) {
                progress(messages.count)
                lastReport = .now
            }
        }
        try? await consumer.close()
        return messages
    }
}
