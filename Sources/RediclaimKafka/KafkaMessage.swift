/// A consumed message, copied out of librdkafka.
public struct KafkaMessage: Sendable, Hashable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: [UInt8]?
    public let value: [UInt8]
    /// Milliseconds since the epoch, when the broker or producer set one.
    public let timestampMilliseconds: Int64?
    public let headers: [KafkaHeader]

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8],
        timestampMilliseconds: Int64? = nil, headers: [KafkaHeader] = []
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.timestampMilliseconds = timestampMilliseconds
        self.headers = headers
    }

    /// The key as UTF-8 text (invalid bytes are replaced).
    public var keyString: String? { key.map { String(decoding: $0, as: UTF8.self) } }
    /// The value as UTF-8 text (invalid bytes are replaced).
    public var valueString: String { String(decoding: value, as: UTF8.self) }

    /// The first header with this name.
    public func header(_ name: String) -> KafkaHeader? { headers.first { $0.name == name } }
}

/// A topic and one of its partitions.
public struct KafkaTopicPartition: Sendable, Hashable, Comparable {
    public let topic: String
    public let partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }
}

/// An offset to commit: `nextOffset` is the next message to read (last finished offset + 1).
public struct KafkaOffsetCommit: Sendable, Hashable {
    public let topic: String
    public let partition: Int32
    public let nextOffset: Int64

    public init(topic: String, partition: Int32, nextOffset: Int64) {
        self.topic = topic
        self.partition = partition
        self.nextOffset = nextOffset
    }

    /// One commit per partition, just past the highest offset among `messages`.
    public static func after(_ messages: [KafkaMessage]) -> [KafkaOffsetCommit] {
        var highest: [KafkaTopicPartition: Int64] = [:]
        for message in messages {
            let key = KafkaTopicPartition(topic: message.topic, partition: message.partition)
            highest[key] = max(highest[key] ?? Int64.min, message.offset)
        }
        return highest.sorted { $0.key < $1.key }.map {
            KafkaOffsetCommit(topic: $0.key.topic, partition: $0.key.partition, nextOffset: $0.value + 1)
        }
    }
}

/// Where an assigned (group-less) consumer starts reading a partition.
public enum KafkaStartOffset: Sendable, Hashable {
    case beginning
    /// The partition's end as ListOffsets reports it. Tansu 0.6 reports the last batch's base
    /// offset + 1, so there some of the last batch may be read again.
    case end
    case offset(Int64)
}

/// One partition for a group-less consumer to read, and where to start.
public struct KafkaPartitionAssignment: Sendable, Hashable {
    public let topic: String
    public let partition: Int32
    public let start: KafkaStartOffset

    public init(topic: String, partition: Int32, start: KafkaStartOffset) {
        self.topic = topic
        self.partition = partition
        self.start = start
    }
}
