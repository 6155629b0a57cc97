import Logging
import RediclaimCore
import RediclaimKafka
import RediclaimStore

/// Publishes a processed batch's results and dead letters, then commits its offsets: the order
/// that makes a crash anywhere lead to redelivery rather than loss.
struct ResultPublisher: Sendable {
    /// Offset commits are tried this often; a later batch's commit covers a skipped one.
    static let commitAttempts = 3

    let producer: KafkaProducer
    let consumer: KafkaConsumer
    /// Where dead-lettered users' outcomes are recorded, for a rebuild of a lost Redis.
    let outcomes: IssueOutcomes
    let settings: IssuerSettings
    let metrics: IssuerMetrics
    let stop: StopFlag
    let logger: Logger

    /// Delivers everything (retrying failed sends until they succeed or shutdown begins), then
    /// commits. Throws `IssuerError(.shutdown)` if shutdown interrupts delivery: nothing is committed.
    func finish(_ processed: ProcessedBatch) async throws {
        let started = ContinuousClock.now
        var batch = processed
        var pending = batch.settle(resultTopic: settings.resultTopic)
        pending += batch.deadLetters.map { $0.outgoing(topic: settings.dlqTopic) }
        var attempt = 0
        while !pending.isEmpty {
            let reports = await producer.sendAll(pending)
            var failed: [KafkaOutgoingMessage] = []
            var firstError: KafkaError?
            for (message, report) in zip(pending, reports) {
                if case .failure(let error) = report {
                    failed.append(message)
                    firstError = firstError ?? error
                }
            }
            pending = failed
            guard let firstError else { break }
            if firstError.code == .closed {
                throw IssuerError(.shutdown, "the producer closed before results were delivered")
            }
            attempt += 1
            metrics.retries.increment()
            let delay = settings.backoff.delay(attempt: attempt)
            logger.error(
                "results not delivered; retrying",
                metadata: [
                    IssuerLogKey.count: "\(failed.count)", IssuerLogKey.attempt: "\(attempt)",
                    IssuerLogKey.delay: "\(delay / .milliseconds(1))",
                    IssuerLogKey.error: .string(firstError.debugDescription),
                ])
            guard await stop.sleep(delay) else {
                throw IssuerError(.shutdown, "shut down before results were delivered", detail: "\(firstError)")
            }
        }
        await recordDeadLettered(batch.deadLetters)
        await commit(batch.commits)
        metrics.consumed.increment(by: Int64(batch.messageCount))
        metrics.issued.increment(by: Int64(batch.issued))
        metrics.soldOut.increment(by: Int64(batch.soldOut))
        metrics.duplicates.increment(by: Int64(batch.duplicates))
        metrics.deadLettered.increment(by: Int64(batch.deadLetters.count))
        metrics.batches.increment()
        metrics.batchSize.record(Double(batch.messageCount))
        metrics.batchDuration.record(ContinuousClock.now - batch.startedAt)
        metrics.publishDuration.record(ContinuousClock.now - started)
    }

    /// Best effort: a missing row only means a rebuild counts that user's place in the budget as free
    /// again (one more user released, answered by the stock in MySQL), never a lost coupon.
    private func recordDeadLettered(_ letters: [DeadLetterMessage]) async {
        for request in letters.compactMap(\.request) {
            do {
                try await outcomes.recordDeadLettered(eventId: request.eventId, userId: request.userId)
            } catch {
                logger.warning(
                    "dead-lettered outcome not recorded", metadata: [IssuerLogKey.error: .string(String(reflecting: error))])
            }
        }
    }

    /// Commits the batch's offsets. Failing here loses nothing: the messages are redelivered and
    /// answered the same, and the next commit on the partition moves past them anyway.
    private func commit(_ offsets: [KafkaOffsetCommit]) async {
        for attempt in 1...Self.commitAttempts {
            do {
                try await consumer.commit(offsets)
                return
            } catch {
                let last = attempt == Self.commitAttempts || !error.isRetriable || error.code == .closed
                logger.warning(
                    last ? "offset commit failed; the messages may be redelivered" : "offset commit failed; retrying",
                    metadata: [IssuerLogKey.attempt: "\(attempt)", IssuerLogKey.error: .string(error.debugDescription)])
                if last { return }
                metrics.retries.increment()
                // Not cut short by shutdown: committing the last batch is part of a clean stop.
                try? await Task.sleep(for: settings.backoff.delay(attempt: attempt))
            }
        }
    }
}
