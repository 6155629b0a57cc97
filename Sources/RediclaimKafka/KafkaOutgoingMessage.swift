/// A message to produce: topic, optional key (it picks the partition), value and headers.
public struct KafkaOutgoingMessage: Sendable, Hashable {
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]
    /// A fixed partition, or nil to let the key's hash choose.
    public var partition: Int32?
    public var headers: [KafkaHeader]

    public init(
        topic: String, key: [UInt8]?, value: [UInt8],
        partition: Int32? = nil, headers: [KafkaHeader] = []
    ) {
        self.topic = topic
        self.key = key
        self.value = value
        self.partition = partition
        self.headers = headers
    }

    /// A message with UTF-8 key and value.
    public init(
        topic: String, key: String?, value: String,
        partition: Int32? = nil, headers: [KafkaHeader] = []
    ) {
        self.init(
            topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8),
            partition: partition, headers: headers)
    }
}

/// One message header: a name and optional bytes.
public struct KafkaHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    public init(name: String, value: String) {
        self.init(name: name, value: Array(value.utf8))
    }
}

/// The broker's acknowledgement of one produced message.
public struct KafkaDeliveryReport: Sendable, Hashable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
