import RediclaimKafka
import RediclaimStore

extension RuntimeRebuild.Drain {
    /// The issuer's progress on `topic` as its consumer group `group` committed it.
    public static func kafka(admin: KafkaAdmin, group: String, topic: String) -> RuntimeRebuild.Drain {
        RuntimeRebuild.Drain(
            mark: {
                guard let info = try await admin.listTopics(timeout: .seconds(5)).first(where: { $0.name == topic }) else { return [:] }
                var ends: [Int32: Int64] = [:]
                for partition in 0..<Int32(info.partitionCount) {
                    ends[partition] = try await admin.watermarks(topic: topic, partition: partition, timeout: .seconds(5)).high
                }
                return ends
            },
            behind: { mark in
                guard mark.values.contains(where: { $0 > 0 }) else { return 0 }
                let committed = try await admin.committedOffsets(group: group, topic: topic, timeout: .seconds(5))
                return mark.reduce(0) { sum, entry in sum + max(0, entry.value - (committed[entry.key] ?? 0)) }
            })
    }
}
