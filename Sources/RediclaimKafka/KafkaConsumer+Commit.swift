internal import CRdKafka

extension KafkaConsumer {
    /// Commits, for each partition, the offset just past the highest of `messages`.
    /// Commit only messages whose work is finished.
    public func commit(_ messages: [KafkaMessage]) async throws(KafkaError) {
        try await commit(KafkaOffsetCommit.after(messages))
    }

    /// Commits explicit next offsets synchronously: returns once the group coordinator stored them.
    public func commit(_ offsets: [KafkaOffsetCommit]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        guard groupID != nil else {
            throw KafkaError(.invalidArgument, "a consumer of assigned partitions has no group to commit to")
        }
        let client = self.client
        let usage = self.usage
        try await commitQueue.blocking { () throws(KafkaError) in
            try usage.use { () throws(KafkaError) in
                let list = RDKafkaTopicPartitionList(capacity: offsets.count)
                for item in offsets {
                    list.add(topic: item.topic, partition: item.partition, offset: item.nextOffset)
                }
                let err = rd_kafka_commit(client.handle, list.pointer, 0)
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw KafkaError(err, "the consumer offsets could not be committed")
                }
                if let failed = list.elements.first(where: { $0.err != RD_KAFKA_RESP_ERR_NO_ERROR }) {
                    throw KafkaError(
                        failed.err, "the consumer offsets could not be committed",
                        detail: "\(failed.topic)[\(failed.partition)]")
                }
            }
        }
    }

    /// The partitions currently assigned to this consumer.
    public func assignment() async throws(KafkaError) -> [KafkaTopicPartition] {
        let client = self.client
        let usage = self.usage
        return try await commitQueue.blocking { () throws(KafkaError) in
            try usage.use { () throws(KafkaError) in
                var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
                let err = rd_kafka_assignment(client.handle, &list)
                defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw KafkaError(err, "the consumer's assignment could not be read")
                }
                return RDKafkaTopicPartitionList.elements(of: list)
                    .map { KafkaTopicPartition(topic: $0.topic, partition: $0.partition) }
                    .sorted()
            }
        }
    }
}
