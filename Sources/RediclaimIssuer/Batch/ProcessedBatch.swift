import RediclaimCore
import RediclaimKafka

/// A batch whose MySQL work is committed: what to publish, then which offsets to commit.
struct ProcessedBatch: Sendable {
    /// One result per answered request, in batch order (encoded while the next batch is written).
    var results: [IssueResult] = []
    /// Messages that cannot be answered, for the DLQ.
    var deadLetters: [DeadLetterMessage] = []
    /// Next offsets per partition, committed once everything above is delivered.
    var commits: [KafkaOffsetCommit] = []
    var messageCount = 0
    var issued = 0
    var soldOut = 0
    var duplicates = 0
    /// When the batch was polled, for the latency histogram.
    var startedAt = ContinuousClock.now
}

/// A polled batch, decoded, waiting for its MySQL transaction.
struct PolledBatch: Sendable {
    let decoded: [(message: KafkaMessage, request: IssueRequested)]
    /// Offsets, counts and the dead letters of messages that failed to decode.
    let partial: ProcessedBatch
}
