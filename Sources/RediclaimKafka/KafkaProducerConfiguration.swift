/// Producer settings; the producer is always idempotent with `acks=all`.
public struct KafkaProducerConfiguration: Sendable, Hashable {
    public var client: KafkaClientConfiguration
    /// Codec for produced batches.
    public var compression: KafkaCompression
    /// How long librdkafka waits to fill a batch before sending it.
    public var linger: Duration
    /// Upper bound for a send: the delivery report arrives (success or failure) within it.
    public var messageTimeout: Duration
    /// Messages librdkafka buffers before `send` sees a full queue and waits.
    public var maxQueuedMessages: Int

    public init(
        client: KafkaClientConfiguration,
        compression: KafkaCompression = .lz4,
        linger: Duration = .milliseconds(5),
        messageTimeout: Duration = .seconds(30),
        maxQueuedMessages: Int = 100_000
    ) {
        self.client = client
        self.compression = compression
        self.linger = linger
        self.messageTimeout = messageTimeout
        self.maxQueuedMessages = maxQueuedMessages
    }
}
