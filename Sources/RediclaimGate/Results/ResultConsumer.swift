import Foundation
import Logging
import RediclaimCore
import RediclaimKafka
import ServiceLifecycle

/// Reads `coupon.issue.result` in the gate's own group and writes each user's final status to Redis,
/// then commits. Replays are harmless: a final status never changes.
public struct ResultConsumer: Service {
    let gate: Gate
    let consumer: KafkaConsumer
    let codec = MessageCodec()

    public init(gate: Gate, consumer: KafkaConsumer) {
        self.gate = gate
        self.consumer = consumer
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

    /// Applies and commits one batch, retrying the same batch until it sticks: the consumer's position has
    /// moved past it, so giving up would skip these results until the next rebalance.
    func apply(_ batch: [KafkaMessage]) async {
        var results: [IssueResult] = []
        for message in batch {
            do {
                results.append(try codec.decode(IssueResult.self, from: message.value))
            } catch {
                gate.metrics.resultsUndecodable.increment()
                gate.logger.error(
                    "skipping undecodable result",
                    metadata: [GateLogKey.partition: "\(message.partition)", GateLogKey.offset: "\(message.offset)", GateLogKey.error: "\(error)"])
            }
        }
        var backoff = Duration.milliseconds(100)
        var recorded = false
        while true {
            do {
                if !recorded {
                    gate.metrics.resultsApplied.increment(by: Int64(try await gate.room.record(results)))
                    recorded = true
                }
                try await consumer.commit(batch)
                return
            } catch {
                gate.logger.warning("result batch failed; retrying", metadata: [GateLogKey.error: "\(error)"])
                if Task.isCancelled { return }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }
}
