import Foundation
import Logging
import RediclaimCore
import RediclaimKafka
import ServiceLifecycle

/// Reads `coupon.issue.result` in the gate's own group and writes each user's final status to Redis,
/// then commits. Replays are harmless: a final status never changes. A result it cannot decode goes to
/// `kafka.resultDlqTopic` before the commit, so nothing is dropped silently.
public struct ResultConsumer: Service {
    let gate: Gate
    let consumer: KafkaConsumer
    let producer: KafkaProducer
    let codec = MessageCodec()
    /// How often a batch in retry keeps the consumer in its group; well inside `max.poll.interval`.
    let keepAliveEvery: Duration

    public init(gate: Gate, consumer: KafkaConsumer, producer: KafkaProducer, maxPollInterval: Duration = .seconds(300)) {
        self.gate = gate
        self.consumer = consumer
        self.producer = producer
        keepAliveEvery = min(.seconds(1), maxPollInterval / 4)
    }

    public func run() async throws {
        gate.logger.info("result consumer started", metadata: [GateLogKey.group: "\(gate.settings.resultGroup)"])
        var lastAssignmentCheck = ContinuousClock.now - .seconds(10)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // Until the group has formed nothing arrives; the gauge tells operators (and scripts) when it has.
            if ContinuousClock.now - lastAssignmentCheck >= .seconds(1) {
                lastAssignmentCheck = .now
                if let assigned = try? await consumer.assignment() { gate.metrics.resultPartitions.set(Double(assigned.count)) }
            }
            let batch: [KafkaMessage]
            do {
                batch = try await consumer.poll(maxMessages: 500, timeout: .milliseconds(200))
            } catch {
                gate.logger.warning("result poll failed", metadata: [GateLogKey.error: "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
                continue
            }
            guard !batch.isEmpty else { continue }
            await apply(batch)
        }
        // The consumer is a service of its own, listed before this loop: it leaves the group after us.
        gate.logger.info("result consumer stopped")
    }

    /// Where a batch got to, so a retry redoes only what did not stick.
    struct Progress {
        var lettered = false
        var recorded = false
    }

    /// Dead-letters, applies and commits one batch, retrying until it sticks while the consumer stays in
    /// its group. A commit refused because the group moved on (this gate was evicted) ends the batch:
    /// the partitions' new owner reads it again from the last commit.
    func apply(_ batch: [KafkaMessage]) async {
        var results: [IssueResult] = []
        var letters: [KafkaOutgoingMessage] = []
        for message in batch {
            do {
                results.append(try codec.decode(IssueResult.self, from: message.value))
            } catch {
                letters.append(deadLetter(message, error))
            }
        }
        var progress = Progress()
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                if !progress.lettered {
                    try await send(letters)
                    progress.lettered = true
                }
                if !progress.recorded {
                    gate.metrics.resultsApplied.increment(by: Int64(try await gate.room.record(results)))
                    progress.recorded = true
                }
                try await consumer.commit(batch)
                return
            } catch let error as KafkaError where error.isMembershipLost {
                gate.logger.notice(
                    "result commit refused: the group moved on; the partitions' owner reads these again",
                    metadata: [GateLogKey.error: "\(error)"])
                return
            } catch {
                gate.metrics.resultRetries.increment()
                gate.logger.warning("result batch failed; retrying", metadata: [GateLogKey.error: "\(error)"])
                await wait(backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    /// Sleeps `delay` while keeping the consumer in its group.
    func wait(_ delay: Duration) async {
        let until = ContinuousClock.now + delay
        while ContinuousClock.now < until, !Task.isCancelled {
            do {
                try await consumer.keepAlive()
            } catch {
                gate.logger.debug("keep-alive poll failed", metadata: [GateLogKey.error: "\(error)"])
            }
            try? await Task.sleep(for: min(keepAliveEvery, until - .now))
        }
    }

    func deadLetter(_ message: KafkaMessage, _ error: any Error) -> KafkaOutgoingMessage {
        gate.metrics.resultsUndecodable.increment()
        let detail = (error as? RediclaimError)?.message ?? "\(type(of: error))"
        gate.logger.error(
            "undecodable result; sending it to the result DLQ",
            metadata: [
                GateLogKey.partition: "\(message.partition)", GateLogKey.offset: "\(message.offset)", GateLogKey.error: "\(detail)",
            ])
        let letter = DeadLetter(
            errorCode: "undecodable", error: "the result could not be decoded", errorDetail: detail, topic: message.topic,
            partition: message.partition, offset: message.offset, key: message.key, value: message.value, attempts: 1)
        return KafkaOutgoingMessage(topic: gate.settings.resultDlqTopic, key: message.key, value: letter.encoded())
    }

    /// Delivers dead letters; throws the first failure (the batch is retried, so some may be sent twice).
    func send(_ letters: [KafkaOutgoingMessage]) async throws {
        guard !letters.isEmpty else { return }
        for report in await producer.sendAll(letters) {
            if case .failure(let error) = report { throw error }
        }
    }
}
