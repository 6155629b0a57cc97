internal import CRdKafka
import Dispatch
import Logging
import Synchronization

/// A Kafka consumer with manual commits: in a group (cooperative-sticky by default) or assigned
/// to fixed partitions. Messages are pulled in batches with `poll`, so nothing piles up in Swift.
public final class KafkaConsumer: Sendable {
    let client: RDKafkaClient
    let usage = RDKafkaUsage(what: "consumer")
    /// Blocking polls and close; the rebalance callback runs here too.
    let pollQueue: DispatchQueue
    /// Blocking commits, so they need not wait behind a long poll.
    let commitQueue: DispatchQueue
    let logger: Logger
    /// The group, or nil for an assigned consumer.
    public let groupID: String?
    /// Paused by `keepAlive`, and what arrived meanwhile.
    let held = Mutex(KafkaHeldMessages())

    /// Joins `configuration.groupID` and subscribes to `topics`.
    public convenience init(
        configuration: KafkaConsumerConfiguration, topics: [String], logger: Logger
    ) throws(KafkaError) {
        let client = try RDKafkaClient.make(
            kind: .consumer, options: configuration.librdkafkaOptions,
            context: RDKafkaContext(logger: logger))
        let list = RDKafkaTopicPartitionList(capacity: topics.count)
        for topic in topics { list.add(topic: topic, partition: RD_KAFKA_PARTITION_UA, offset: 0) }
        try Self.setUp(client) { rd_kafka_subscribe(client.handle, list.pointer) }
        self.init(client: client, groupID: configuration.groupID, logger: logger)
    }

    /// Reads the given partitions from the given offsets, without a group (for tools); cannot commit.
    public convenience init(
        assign partitions: [KafkaPartitionAssignment], client configuration: KafkaClientConfiguration,
        logger: Logger
    ) throws(KafkaError) {
        let client = try RDKafkaClient.make(
            kind: .consumer, options: configuration.assignModeOptions,
            context: RDKafkaContext(logger: logger))
        let list = RDKafkaTopicPartitionList(capacity: partitions.count)
        for item in partitions {
            let offset: Int64 = switch item.start {
            case .beginning: Int64(RD_KAFKA_OFFSET_BEGINNING)
            case .end: Int64(RD_KAFKA_OFFSET_END)
            case .offset(let value): value
            }
            list.add(topic: item.topic, partition: item.partition, offset: offset)
        }
        try Self.setUp(client) { rd_kafka_assign(client.handle, list.pointer) }
        self.init(client: client, groupID: nil, logger: logger)
    }

    private init(client: RDKafkaClient, groupID: String?, logger: Logger) {
        self.client = client
        self.groupID = groupID
        self.logger = logger
        self.pollQueue = DispatchQueue(label: "rediclaim.kafka.consumer.\(client.name).poll")
        self.commitQueue = DispatchQueue(label: "rediclaim.kafka.consumer.\(client.name).commit")
    }

    /// Routes the main queue to the consumer queue, then subscribes or assigns.
    private static func setUp(
        _ client: RDKafkaClient, _ start: () -> rd_kafka_resp_err_t
    ) throws(KafkaError) {
        rd_kafka_poll_set_consumer(client.handle)
        let err = start()
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            // Nothing polled yet, so destroying here is quick.
            client.destroy()
            throw KafkaError(err, "the consumer could not subscribe or assign its partitions")
        }
    }

    /// Whether `close()` has begun.
    public var isClosed: Bool { usage.isClosed }

    /// Up to `maxMessages`, waiting at most `timeout` (returns early once the batch is full).
    /// An empty array means nothing arrived in time.
    public func poll(
        maxMessages: Int = 500, timeout: Duration = .milliseconds(100)
    ) async throws(KafkaError) -> [KafkaMessage] {
        try await poll(maxMessages: maxMessages, timeout: timeout, returnWhenDrained: false)
    }

    func poll(
        maxMessages: Int, timeout: Duration, returnWhenDrained: Bool
    ) async throws(KafkaError) -> [KafkaMessage] {
        let client = self.client
        let usage = self.usage
        return try await pollQueue.blocking { () throws(KafkaError) in
            try usage.use { () throws(KafkaError) in
                let kept = self.takeHeld(client, maxMessages: max(1, maxMessages))
                if !kept.isEmpty { return kept }
                return try client.pollBatch(
                    maxMessages: max(1, maxMessages), timeout: timeout, returnWhenDrained: returnWhenDrained)
            }
        }
    }

    /// Optionally commits `offsets`, then leaves the group (`rd_kafka_consumer_close`) and frees
    /// the client. Nothing else is committed.
    public func close(committing offsets: [KafkaOffsetCommit] = []) async throws(KafkaError) {
        var commitError: KafkaError?
        if !offsets.isEmpty {
            do { try await commit(offsets) } catch { commitError = error }
        }
        guard await usage.closeAndDrain() else { return }
        let client = self.client
        let err = await pollQueue.blocking { () -> rd_kafka_resp_err_t in
            let err = rd_kafka_consumer_close(client.handle)
            client.destroy()
            return err
        }
        logger.debug("Kafka consumer closed", metadata: [KafkaLogKey.client: .string(client.name)])
        if let commitError { throw commitError }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(err, "the consumer did not leave its group cleanly")
        }
    }

    deinit {
        // Forgotten close: leave the group and free the handle on our queue, not the caller's thread.
        if !usage.isClosed {
            let client = self.client
            pollQueue.async { client.destroy() }
        }
    }
}
