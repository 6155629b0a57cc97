import RediclaimCore
import RediclaimKafka

/// A batch whose MySQL work is committed: what to publish, then which offsets to commit.
struct ProcessedBatch: Sendable {
    /// One answer per request that reached MySQL, in batch order; the result messages are built
    /// from them while the next batch is being written.
    var answers: [Answer] = []
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

    /// A request and what it ended as.
    struct Answer: Sendable {
        let message: KafkaMessage
        let request: IssueRequested
        let outcome: IssueOutcome
    }
}

/// A polled batch, decoded, waiting for its MySQL transaction.
struct PolledBatch: Sendable {
    let decoded: [(message: KafkaMessage, request: IssueRequested)]
    /// Offsets, counts and the dead letters of messages that failed to decode.
    let partial: ProcessedBatch
    /// Coupon codes made ahead, off the write stage (the writer makes more if these run out).
    let codes: [String]
}
