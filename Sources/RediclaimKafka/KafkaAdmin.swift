internal import CRdKafka
import Dispatch
import Logging

/// Topic and offset administration: create topics, list them, read watermarks and group offsets.
public final class KafkaAdmin: Sendable {
    let client: RDKafkaClient
    /// A group-less consumer used only to read true high watermarks (see `watermarks`).
    let probe: RDKafkaClient
    let poller: RDKafkaPollThread
    let usage = RDKafkaUsage(what: "admin client")
    let queue: DispatchQueue
    let logger: Logger

    public init(client configuration: KafkaClientConfiguration, logger: Logger) throws(KafkaError) {
        let client = try RDKafkaClient.make(
            kind: .producer, options: configuration.librdkafkaOptions,
            context: RDKafkaContext(logger: logger))
        let probe: RDKafkaClient
        do {
            probe = try RDKafkaClient.make(
                kind: .consumer, options: configuration.watermarkProbeOptions,
                context: RDKafkaContext(logger: logger))
        } catch {
            client.destroy()
            throw error
        }
        rd_kafka_poll_set_consumer(probe.handle)
        self.client = client
        self.probe = probe
        self.logger = logger
        self.queue = DispatchQueue(label: "rediclaim.kafka.admin.\(client.name)")
        // Serves error callbacks; admin results arrive on each request's own queue.
        self.poller = RDKafkaPollThread(client: client, name: "kafka-admin-\(client.name)")
    }

    /// Creates `name` with `partitions` unless it exists: true if created, false if it was there.
    @discardableResult
    public func createTopic(
        _ name: String, partitions: Int, replicationFactor: Int = 1, timeout: Duration = .seconds(15)
    ) async throws(KafkaError) -> Bool {
        try await run { client throws(KafkaError) in
            try client.createTopic(
                name, partitions: partitions, replicationFactor: replicationFactor, timeout: timeout)
        }
    }

    /// Deletes `name`: true if deleted, false if it did not exist.
    @discardableResult
    public func deleteTopic(_ name: String, timeout: Duration = .seconds(15)) async throws(KafkaError) -> Bool {
        try await run { client throws(KafkaError) in try client.deleteTopic(name, timeout: timeout) }
    }

    /// Every topic the cluster reports, with its partition count, sorted by name.
    public func listTopics(timeout: Duration = .seconds(10)) async throws(KafkaError) -> [KafkaTopicInfo] {
        try await run { client throws(KafkaError) in
            try client.topicPartitionCounts(timeout: timeout)
                .map { KafkaTopicInfo(name: $0.key, partitionCount: $0.value) }
                .sorted { $0.name < $1.name }
        }
    }

    /// Low (first kept) and high (next to be written) offsets of one partition.
    ///
    /// The high mark is confirmed by reading the last batch, because Tansu's ListOffsets
    /// under-reports it.
    public func watermarks(
        topic: String, partition: Int32, timeout: Duration = .seconds(10)
    ) async throws(KafkaError) -> KafkaWatermarks {
        let probe = self.probe
        return try await run { client throws(KafkaError) in
            let (low, listed) = try client.listedWatermarks(topic: topic, partition: partition, timeout: timeout)
            guard listed > low else { return KafkaWatermarks(low: low, high: listed) }
            let read = probe.endOffsetByReading(
                topic: topic, partition: partition, from: listed - 1, timeout: timeout)
            return KafkaWatermarks(low: low, high: max(listed, read ?? listed))
        }
    }

    /// The group's committed next offset for each partition of `topic`; partitions without a
    /// commit are absent.
    public func committedOffsets(
        group: String, topic: String, timeout: Duration = .seconds(10)
    ) async throws(KafkaError) -> [Int32: Int64] {
        try await run { client throws(KafkaError) in
            guard let partitions = try client.topicPartitionCounts(timeout: timeout)[topic] else {
                throw KafkaError(.unknownTopicOrPartition, "the topic \(topic) does not exist")
            }
            return try client.committedOffsets(
                group: group, topic: topic, partitions: partitions, timeout: timeout)
        }
    }

    /// Stops the poll thread and frees the client.
    public func close() async {
        guard await usage.closeAndDrain() else { return }
        await poller.stop()
        let client = self.client
        let probe = self.probe
        await queue.blocking { () -> Void in
            probe.destroy()
            client.destroy()
        }
    }

    deinit {
        if !usage.isClosed {
            poller.requestStop(destroyingClient: true)
            let probe = self.probe
            queue.async { probe.destroy() }
        }
    }

    private func run<T: Sendable>(
        _ body: @escaping @Sendable (RDKafkaClient) throws(KafkaError) -> T
    ) async throws(KafkaError) -> T {
        let client = self.client
        let usage = self.usage
        return try await queue.blocking { () throws(KafkaError) in
            try usage.use { () throws(KafkaError) in try body(client) }
        }
    }
}

/// A topic's name and partition count.
public struct KafkaTopicInfo: Sendable, Hashable {
    public let name: String
    public let partitionCount: Int
}

/// A partition's low (oldest kept) and high (next to write) offsets.
public struct KafkaWatermarks: Sendable, Hashable {
    public let low: Int64
    public let high: Int64
}
