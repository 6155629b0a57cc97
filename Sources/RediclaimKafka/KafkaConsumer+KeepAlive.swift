internal import CRdKafka

extension KafkaConsumer {
    /// Keeps the consumer in its group while the caller is busy with what it already polled (retries
    /// of a slow store, a long isolation): pauses every assigned partition, then polls, which serves
    /// rebalances and resets `max.poll.interval`. Whatever still arrives is kept for the next `poll`,
    /// which resumes the partitions first. Call it at least every third of the poll interval.
    public func keepAlive() async throws(KafkaError) {
        let client = self.client
        let usage = self.usage
        try await pollQueue.blocking { () throws(KafkaError) in
            try usage.use { () throws(KafkaError) in
                let assigned = client.assignmentList()
                if !assigned.elements.isEmpty {
                    _ = rd_kafka_pause_partitions(client.handle, assigned.pointer)
                }
                let arrived = try client.pollBatch(maxMessages: 10_000, timeout: .zero, returnWhenDrained: true)
                self.held.withLock { state in
                    state.paused.formUnion(assigned.elements.map { KafkaTopicPartition(topic: $0.topic, partition: $0.partition) })
                    state.messages += arrived
                }
            }
        }
    }

    /// Before a poll: resumes what `keepAlive` paused (and anything assigned since) and hands back the
    /// messages it kept, at most `maxMessages`. Runs on the poll queue.
    func takeHeld(_ client: RDKafkaClient, maxMessages: Int) -> [KafkaMessage] {
        let (paused, messages) = held.withLock { state -> (Set<KafkaTopicPartition>, [KafkaMessage]) in
            let paused = state.paused
            state.paused = []
            let taken = Array(state.messages.prefix(maxMessages))
            state.messages.removeFirst(taken.count)
            return (paused, taken)
        }
        if !paused.isEmpty {
            let list = client.assignmentList()
            for item in paused where !list.elements.contains(where: { $0.topic == item.topic && $0.partition == item.partition }) {
                list.add(topic: item.topic, partition: item.partition, offset: 0)
            }
            _ = rd_kafka_resume_partitions(client.handle, list.pointer)
        }
        return messages
    }
}

/// What `keepAlive` paused and the messages it took meanwhile.
struct KafkaHeldMessages: Sendable {
    var paused: Set<KafkaTopicPartition> = []
    var messages: [KafkaMessage] = []
}

extension RDKafkaClient {
    /// The consumer's current assignment as a list (empty when it has none or the call failed).
    func assignmentList() -> RDKafkaTopicPartitionList {
        let result = RDKafkaTopicPartitionList()
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        guard rd_kafka_assignment(handle, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return result }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for item in RDKafkaTopicPartitionList.elements(of: list) {
            result.add(topic: item.topic, partition: item.partition, offset: item.offset)
        }
        return result
    }
}
