import Foundation
import Logging
import RediclaimCore
import RediclaimKafka
import RediclaimStore

/// Turns polled messages into a committed MySQL batch and the messages that answer it:
/// decode, write (retrying transient failures), isolate poison messages, build results.
/// Decoding is a step of its own so the loop can decode one batch while writing another.
struct BatchProcessor: Sendable {
    let writer: CouponWriter
    let settings: IssuerSettings
    let metrics: IssuerMetrics
    let stop: StopFlag
    let hints: StockHints
    let logger: Logger

    /// Decodes a polled batch; undecodable messages become dead letters at once (permanent).
    func decode(_ messages: [KafkaMessage], polledAt: ContinuousClock.Instant = .now) -> PolledBatch {
        var batch = ProcessedBatch(
            commits: KafkaOffsetCommit.after(messages), messageCount: messages.count, startedAt: polledAt)
        var decoded: [(message: KafkaMessage, request: IssueRequested)] = []
        decoded.reserveCapacity(messages.count)
        for message in messages {
            do {
                decoded.append((message, try MessageCodec().decode(IssueRequested.self, from: message.value)))
            } catch {
                let failure = IssuerError(
                    .undecodable, "undecodable request: \(error.message)", detail: error.debugDescription)
                batch.deadLetters.append(DeadLetterMessage(message, failure: failure, attempts: 1))
            }
        }
        return PolledBatch(decoded: decoded, partial: batch, codes: makeCodes(for: decoded.map(\.request)))
    }

    /// A code per request that may get one: requests of events last seen sold out need none.
    /// Made here, on the decode stage, because the write stage holds the event lock.
    private func makeCodes(for requests: [IssueRequested]) -> [String] {
        let wanted = requests.reduce(0) { $0 + (hints.mayIssue(eventId: $1.eventId) ? 1 : 0) }
        var random = BufferedSystemRandom()
        return (0..<wanted).map { _ in CouponCode.generate(using: &random).formatted }
    }

    /// Writes the batch and returns what to publish; throws `IssuerError(.shutdown)` when shutdown
    /// interrupted retries (nothing is published or committed then, so the batch is redelivered).
    func write(_ polled: PolledBatch) async throws -> ProcessedBatch {
        let started = ContinuousClock.now
        var batch = polled.partial
        let decoded = polled.decoded
        let requests = decoded.map(\.request)
        let outcomes: [IssueOutcome?]
        do {
            let write = try await writeRetryingTransient(requests, codes: polled.codes)
            outcomes = IssuePlanner.outcomes(for: requests, after: write)
        } catch where Self.classify(error) == .permanent {
            logger.warning(
                "batch failed; retrying its messages one by one",
                metadata: [IssuerLogKey.count: "\(requests.count)", IssuerLogKey.error: "\(String(reflecting: error))"])
            outcomes = try await isolate(decoded, into: &batch)
        }
        for (index, outcome) in outcomes.enumerated() {
            guard let outcome else { continue }
            batch.answers.append(.init(message: decoded[index].message, request: decoded[index].request, outcome: outcome))
        }
        metrics.writeDuration.record(ContinuousClock.now - started)
        return batch
    }
}
