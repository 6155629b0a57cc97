import Foundation
import Logging
import RediclaimCore
import RediclaimKafka

/// Turns polled messages into a committed MySQL batch and the messages that answer it:
/// decode, write (retrying transient failures), isolate poison messages, build results.
/// Decoding is a step of its own so the loop can decode one batch while writing another.
struct BatchProcessor: Sendable {
    let writer: IssueWriter
    let settings: IssuerSettings
    let metrics: IssuerMetrics
    let stop: StopFlag
    let logger: Logger

    /// Decodes a polled batch; undecodable messages become dead letters at once (permanent).
    func decode(_ messages: [KafkaMessage], polledAt: ContinuousClock.Instant = .now) -> PolledBatch {
        var batch = ProcessedBatch(
            commits: KafkaOffsetCommit.after(messages), messageCount: messages.count, startedAt: polledAt)
        var decoded: [(message: KafkaMessage, request: IssueRequested)] = []
        decoded.reserveCapacity(messages.count)
        for message in messages {
            do {
                decoded.append((message, try RequestDecoding.decode(message.value)))
            } catch {
                batch.deadLetters.append(DeadLetterMessage(
                    message, error: "undecodable request: \(error.message)", errorDetail: error.debugDescription,
                    attempts: 1))
            }
        }
        return PolledBatch(decoded: decoded, partial: batch)
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
            let write = try await writeRetryingTransient(requests)
            outcomes = IssuePlanner.outcomes(for: requests, after: write)
        } catch where Self.classify(error) == .permanent {
            logger.warning(
                "batch failed; retrying its messages one by one",
                metadata: [IssuerLogKey.count: "\(requests.count)", IssuerLogKey.error: "\(String(reflecting: error))"])
            outcomes = try await isolate(decoded, into: &batch)
        }
        for (index, outcome) in outcomes.enumerated() {
            guard let outcome else { continue }
            add(outcome, for: decoded[index].message, decoded[index].request, to: &batch)
        }
        metrics.writeDuration.record(ContinuousClock.now - started)
        return batch
    }

    private func add(
        _ outcome: IssueOutcome, for message: KafkaMessage, _ request: IssueRequested, to batch: inout ProcessedBatch
    ) {
        let result: IssueResult
        do {
            switch outcome {
            case .issued(let coupon, let redelivery):
                result = try .issued(
                    requestId: request.requestId, eventId: request.eventId, userId: request.userId,
                    couponCode: coupon.code, expiresAt: Timestamps.epochMillis(coupon.expiresAt),
                    issuedAt: Timestamps.epochMillis(coupon.issuedAt))
                if redelivery { batch.duplicates += 1 } else { batch.issued += 1 }
            case .soldOut:
                result = try .soldOut(requestId: request.requestId, eventId: request.eventId, userId: request.userId)
                batch.soldOut += 1
            case .unknownEvent:
                batch.deadLetters.append(DeadLetterMessage(
                    message, error: "event \(request.eventId) does not exist", errorDetail: nil, attempts: 1))
                return
            }
        } catch {
            // Inputs were validated on decode, so this means a bad row; the DLQ keeps the request.
            batch.deadLetters.append(DeadLetterMessage(
                message, error: "the result cannot be built: \(error.message)", errorDetail: error.debugDescription,
                attempts: 1))
            return
        }
        batch.results.append(result)
    }
}
