internal import CRdKafka

extension RDKafkaClient {
    /// Blocking ListOffsets query: (low, high) as the broker reports them.
    func listedWatermarks(topic: String, partition: Int32, timeout: Duration) throws(KafkaError) -> (Int64, Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(
            handle, topic, partition, &low, &high, Int32(clamping: timeout.milliseconds(minimum: 1)))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(err, "the partition's offsets could not be read", detail: "\(topic)[\(partition)]")
        }
        return (low, high)
    }

    /// Blocking, on an assign-mode consumer with `enable.partition.eof`: reads from `offset` to the
    /// end of the partition and returns the offset after the last message (nil on timeout).
    ///
    /// Why: Tansu 0.6 answers ListOffsets(latest) with "last batch's base offset + 1" (and its Fetch
    /// high watermark agrees), which is too low whenever the last batch held several records.
    /// Reading the last batch to its end is what gives the true next offset.
    func endOffsetByReading(
        topic: String, partition: Int32, from offset: Int64, timeout: Duration
    ) -> Int64? {
        let list = RDKafkaTopicPartitionList(capacity: 1)
        list.add(topic: topic, partition: partition, offset: offset)
        guard rd_kafka_assign(handle, list.pointer) == RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        defer { _ = rd_kafka_assign(handle, nil) }
        var end = offset
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let raw = rd_kafka_consumer_poll(handle, 100) else { continue }
            defer { rd_kafka_message_destroy(raw) }
            let ours = raw.pointee.partition == partition
                && raw.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } == topic
            guard ours else { continue }
            switch raw.pointee.err {
            case RD_KAFKA_RESP_ERR_NO_ERROR: end = max(end, raw.pointee.offset + 1)
            case RD_KAFKA_RESP_ERR__PARTITION_EOF: return max(end, raw.pointee.offset)
            default: continue
            }
        }
        return nil
    }
}
