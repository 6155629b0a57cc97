import RediclaimKafka

/// One reading of a consumer group's position on a topic: committed offsets against each partition's
/// watermarks, taken at `at`.
struct LagSnapshot: Sendable {
    struct Partition: Sendable, Hashable {
        let partition: Int32
        /// The group's committed next offset; nil when it never committed on this partition.
        let committed: Int64?
        let low: Int64
        let high: Int64

        /// Messages not yet committed (everything kept, when nothing was committed).
        var lag: Int64 { max(0, high - max(committed ?? low, low)) }
    }

    let role: String
    let group: String
    let topic: String
    let partitions: [Partition]
    let at: ContinuousClock.Instant

    var totalLag: Int64 { partitions.reduce(0) { $0 + $1.lag } }

    /// Reads the group's committed offsets and the watermarks of every partition of `topic`.
    static func take(role: String, group: String, topic: String, admin: KafkaAdmin) async throws -> LagSnapshot {
        let topics = try await admin.listTopics(timeout: .seconds(5))
        guard let count = topics.first(where: { $0.name == topic })?.partitionCount else {
            throw CtlError("topic \(topic) does not exist (kafka.* topics; `rediclaimctl topics list`)")
        }
        let committed = try await admin.committedOffsets(group: group, topic: topic, timeout: .seconds(5))
        var partitions: [Partition] = []
        for p in 0..<Int32(count) {
            let marks = try await admin.watermarks(topic: topic, partition: p, timeout: .seconds(5))
            partitions.append(Partition(partition: p, committed: committed[p], low: marks.low, high: marks.high))
        }
        return LagSnapshot(role: role, group: group, topic: topic, partitions: partitions, at: .now)
    }
}
