internal import CRdKafka

/// Owns an `rd_kafka_topic_partition_list_t` built from Swift values; destroyed in `deinit`.
final class RDKafkaTopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(capacity: Int = 8) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: max(capacity, 1)))
    }

    func add(topic: String, partition: Int32, offset: Int64) {
        let element = rd_kafka_topic_partition_list_add(pointer, topic, partition)
        element?.pointee.offset = offset
    }

    /// The list's elements as Swift values, with each element's own error code.
    var elements: [Element] { Self.elements(of: pointer) }

    struct Element {
        let topic: String
        let partition: Int32
        let offset: Int64
        let err: rd_kafka_resp_err_t
    }

    static func elements(of list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [Element] {
        guard let list, let items = list.pointee.elems else { return [] }
        return (0..<Int(list.pointee.cnt)).map { index in
            let item = items[index]
            return Element(
                topic: String(cString: item.topic), partition: item.partition,
                offset: item.offset, err: item.err)
        }
    }

    /// "topic[0,1,2]" style text for logs.
    static func describe(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> String {
        let grouped = Dictionary(grouping: elements(of: list), by: \.topic)
        return grouped.keys.sorted().map { topic in
            let parts = grouped[topic]!.map(\.partition).sorted().map(String.init)
            return "\(topic)[\(parts.joined(separator: ","))]"
        }.joined(separator: " ")
    }

    deinit { rd_kafka_topic_partition_list_destroy(pointer) }
}
