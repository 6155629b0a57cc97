import Logging
import RediclaimKafka

/// Measures every few seconds how far the group's committed offsets trail each assigned
/// partition's end, and publishes it as `rediclaim_issuer_consumer_lag`.
struct LagMonitor: Sendable {
    let consumer: KafkaConsumer
    let admin: KafkaAdmin
    let settings: IssuerSettings
    let metrics: IssuerMetrics
    let logger: Logger

    /// Updates until cancelled.
    func run() async {
        while !Task.isCancelled {
            await update()
            try? await Task.sleep(for: settings.lagInterval)
        }
    }

    func update() async {
        do {
            let assigned = try await consumer.assignment().filter { $0.topic == settings.requestTopic }
            guard !assigned.isEmpty else {
                metrics.setLag(topic: settings.requestTopic, [:], committed: [:])
                return
            }
            let committed = try await admin.committedOffsets(
                group: settings.groupID, topic: settings.requestTopic, timeout: .seconds(5))
            var lags: [Int32: Int64] = [:]
            var offsets: [Int32: Int64] = [:]
            for item in assigned {
                let marks = try await admin.watermarks(topic: item.topic, partition: item.partition, timeout: .seconds(5))
                lags[item.partition] = max(0, marks.high - (committed[item.partition] ?? marks.low))
                offsets[item.partition] = committed[item.partition] ?? marks.low
            }
            metrics.setLag(topic: settings.requestTopic, lags, committed: offsets)
        } catch {
            logger.debug("consumer lag not measured", metadata: [IssuerLogKey.error: .string(error.debugDescription)])
        }
    }
}
