internal import CRdKafka

extension RDKafkaClient {
    /// Blocking CreateTopics for one topic: true if created, false if it already existed.
    func createTopic(
        _ name: String, partitions: Int, replicationFactor: Int, timeout: Duration
    ) throws(KafkaError) -> Bool {
        var text = [CChar](repeating: 0, count: 512)
        guard let topic = rd_kafka_NewTopic_new(
            name, Int32(clamping: partitions), Int32(clamping: replicationFactor), &text, text.count)
        else {
            let detail = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw KafkaError(.invalidArgument, "invalid topic definition for \(name)", underlying: detail)
        }
        defer { rd_kafka_NewTopic_destroy(topic) }
        let request = try RDKafkaAdminRequest(
            client: self, operation: RD_KAFKA_ADMIN_OP_CREATETOPICS, timeout: timeout)
        var topics: [OpaquePointer?] = [topic]
        rd_kafka_CreateTopics(handle, &topics, 1, request.options, request.queue)
        let event = try request.awaitResult("create topic")
        defer { rd_kafka_event_destroy(event) }

        var count = 0
        guard let result = rd_kafka_event_CreateTopics_result(event),
              let results = rd_kafka_CreateTopics_result_topics(result, &count), count > 0,
              let first = results[0]
        else { throw KafkaError(.other(-1), "the broker sent no CreateTopics result") }
        let err = rd_kafka_topic_result_error(first)
        switch err {
        case RD_KAFKA_RESP_ERR_NO_ERROR: return true
        case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: return false
        default:
            let detail = rd_kafka_topic_result_error_string(first).map { String(cString: $0) }
            throw KafkaError(err, "the topic \(name) could not be created", detail: detail)
        }
    }

    /// Blocking DeleteTopics for one topic: true if deleted, false if it did not exist.
    func deleteTopic(_ name: String, timeout: Duration) throws(KafkaError) -> Bool {
        guard let topic = rd_kafka_DeleteTopic_new(name) else {
            throw KafkaError(.invalidArgument, "invalid topic name \(name)")
        }
        defer { rd_kafka_DeleteTopic_destroy(topic) }
        let request = try RDKafkaAdminRequest(
            client: self, operation: RD_KAFKA_ADMIN_OP_DELETETOPICS, timeout: timeout)
        var topics: [OpaquePointer?] = [topic]
        rd_kafka_DeleteTopics(handle, &topics, 1, request.options, request.queue)
        let event = try request.awaitResult("delete topic")
        defer { rd_kafka_event_destroy(event) }

        var count = 0
        guard let result = rd_kafka_event_DeleteTopics_result(event),
              let results = rd_kafka_DeleteTopics_result_topics(result, &count), count > 0,
              let first = results[0]
        else { throw KafkaError(.other(-1), "the broker sent no DeleteTopics result") }
        let err = rd_kafka_topic_result_error(first)
        switch err {
        case RD_KAFKA_RESP_ERR_NO_ERROR: return true
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART: return false
        default:
            let detail = rd_kafka_topic_result_error_string(first).map { String(cString: $0) }
            throw KafkaError(err, "the topic \(name) could not be deleted", detail: detail)
        }
    }

    /// Blocking metadata for all topics: name and partition count (topics in error are skipped).
    func topicPartitionCounts(timeout: Duration) throws(KafkaError) -> [String: Int] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(
            handle, 1, nil, &metadata, Int32(clamping: timeout.milliseconds(minimum: 1)))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(err, "the Kafka topic list could not be read")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        var counts: [String: Int] = [:]
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let topic = metadata.pointee.topics[index]
            guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            counts[String(cString: topic.topic)] = Int(topic.partition_cnt)
        }
        return counts
    }

    /// Blocking ListConsumerGroupOffsets: committed next offsets by partition (absent = none).
    func committedOffsets(
        group: String, topic: String, partitions: Int, timeout: Duration
    ) throws(KafkaError) -> [Int32: Int64] {
        let list = RDKafkaTopicPartitionList(capacity: partitions)
        for partition in 0..<Int32(clamping: partitions) {
            list.add(topic: topic, partition: partition, offset: Int64(RD_KAFKA_OFFSET_INVALID))
        }
        guard let query = rd_kafka_ListConsumerGroupOffsets_new(group, list.pointer) else {
            throw KafkaError(.invalidArgument, "invalid consumer group offsets query")
        }
        defer { rd_kafka_ListConsumerGroupOffsets_destroy(query) }
        let request = try RDKafkaAdminRequest(
            client: self, operation: RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout: timeout)
        var queries: [OpaquePointer?] = [query]
        rd_kafka_ListConsumerGroupOffsets(handle, &queries, 1, request.options, request.queue)
        let event = try request.awaitResult("list group offsets")
        defer { rd_kafka_event_destroy(event) }

        var count = 0
        guard let result = rd_kafka_event_ListConsumerGroupOffsets_result(event),
              let groups = rd_kafka_ListConsumerGroupOffsets_result_groups(result, &count), count > 0,
              let first = groups[0]
        else { throw KafkaError(.other(-1), "the broker sent no group offsets result") }
        if let error = rd_kafka_group_result_error(first) {
            let code = rd_kafka_error_code(error)
            let detail = rd_kafka_error_string(error).map { String(cString: $0) }
            throw KafkaError(code, "the group's committed offsets could not be read", detail: detail)
        }
        var offsets: [Int32: Int64] = [:]
        for element in RDKafkaTopicPartitionList.elements(of: rd_kafka_group_result_partitions(first))
        where element.err == RD_KAFKA_RESP_ERR_NO_ERROR && element.offset >= 0 {
            offsets[element.partition] = element.offset
        }
        return offsets
    }
}
