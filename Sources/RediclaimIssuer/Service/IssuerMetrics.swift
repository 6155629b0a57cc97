import Prometheus
import Synchronization

/// The issuer's Prometheus metrics, all named `rediclaim_issuer_*`, in a registry the caller owns.
public final class IssuerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let consumed: Counter
    let issued: Counter
    let soldOut: Counter
    let duplicates: Counter
    let deadLettered: Counter
    let retries: Counter
    let batches: Counter
    let batchSize: ValueHistogram
    let batchDuration: DurationHistogram
    let writeDuration: DurationHistogram
    let publishDuration: DurationHistogram
    private let lagGauges = Mutex<[Int32: PartitionGauges]>([:])

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        consumed = registry.makeCounter(
            descriptor: Self.name("consumed", unit: "total", "Request messages consumed"))
        issued = registry.makeCounter(
            descriptor: Self.name("issued", unit: "total", "New coupons written to MySQL"))
        soldOut = registry.makeCounter(
            descriptor: Self.name("sold_out", unit: "total", "Requests answered SOLD_OUT"))
        duplicates = registry.makeCounter(
            descriptor: Self.name("duplicates", unit: "total", "Redelivered requests answered with the coupon the user already had"))
        deadLettered = registry.makeCounter(
            descriptor: Self.name("dlq", unit: "total", "Messages sent to the dead-letter topic"))
        retries = registry.makeCounter(
            descriptor: Self.name("retries", unit: "total", "Retries after transient MySQL or Kafka failures"))
        batches = registry.makeCounter(
            descriptor: Self.name("batches", unit: "total", "Batches finished (written, published, offsets committed)"))
        batchSize = registry.makeValueHistogram(
            descriptor: Self.name("batch_size", "Messages per batch"),
            buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000])
        batchDuration = registry.makeDurationHistogram(
            descriptor: Self.name("batch_duration", unit: "seconds", "From poll to offsets committed, per batch"),
            buckets: Self.latencyBuckets)
        writeDuration = registry.makeDurationHistogram(
            descriptor: Self.name("write_duration", unit: "seconds", "The MySQL transaction of a batch, retries included"),
            buckets: Self.latencyBuckets)
        publishDuration = registry.makeDurationHistogram(
            descriptor: Self.name("publish_duration", unit: "seconds", "Delivering results and committing offsets, per batch"),
            buckets: Self.latencyBuckets)
    }

    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .seconds(2.5), .seconds(5), .seconds(10),
    ]

    /// Sets each assigned partition's lag and committed offset; partitions no longer assigned lose their series.
    /// The offset shows progress, which lag alone cannot tell apart from new messages arriving.
    func setLag(topic: String, _ lags: [Int32: Int64], committed: [Int32: Int64]) {
        let stale: [Gauge] = lagGauges.withLock { gauges in
            for (partition, lag) in lags {
                let labels = [("topic", topic), ("partition", String(partition))]
                let pair = gauges[partition] ?? PartitionGauges(
                    lag: registry.makeGauge(
                        descriptor: Self.name("consumer_lag", "Messages not yet committed, per assigned partition"),
                        labels: labels),
                    committed: registry.makeGauge(
                        descriptor: Self.name("committed_offset", "The group's committed offset, per assigned partition"),
                        labels: labels))
                gauges[partition] = pair
                pair.lag.set(Double(lag))
                pair.committed.set(Double(committed[partition] ?? 0))
            }
            let gone = gauges.keys.filter { lags[$0] == nil }
            return gone.compactMap { gauges.removeValue(forKey: $0) }.flatMap { [$0.lag, $0.committed] }
        }
        for gauge in stale { registry.unregisterGauge(gauge) }
    }

    struct PartitionGauges {
        let lag: Gauge
        let committed: Gauge
    }

    private static func name(_ metric: String, unit: String = "", _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "rediclaim", subsystem: "issuer", metricName: metric, unitName: unit, helpText: help)
    }
}
