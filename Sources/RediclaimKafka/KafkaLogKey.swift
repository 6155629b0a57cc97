/// Metadata keys the Kafka bridge puts on its log lines, kept in one place.
enum KafkaLogKey {
    static let client = "kafka.client"
    static let facility = "kafka.facility"
    static let code = "kafka.code"
    static let topic = "kafka.topic"
    static let partition = "kafka.partition"
    static let partitions = "kafka.partitions"
    static let protocolName = "kafka.rebalance.protocol"
    static let group = "kafka.group"
    static let pending = "kafka.pending"
    static let error = "kafka.error"
}
