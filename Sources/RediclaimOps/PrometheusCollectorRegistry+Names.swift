import Prometheus

/// Shorthands that name a metric in full (e.g. `rediclaim_gate_released_total`) with its help text.
extension PrometheusCollectorRegistry {
    static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    public func counter(_ name: String, _ help: String, labels: [(String, String)] = []) -> Counter {
        makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
    }

    public func gauge(_ name: String, _ help: String, labels: [(String, String)] = []) -> Gauge {
        makeGauge(descriptor: Self.descriptor(name, help), labels: labels)
    }

    public func durationHistogram(
        _ name: String, _ help: String, labels: [(String, String)] = [], buckets: [Duration] = latencyBuckets
    ) -> DurationHistogram {
        makeDurationHistogram(descriptor: Self.descriptor(name, help), labels: labels, buckets: buckets)
    }

    public func valueHistogram(_ name: String, _ help: String, labels: [(String, String)] = [], buckets: [Double])
        -> ValueHistogram
    {
        makeValueHistogram(descriptor: Self.descriptor(name, help), labels: labels, buckets: buckets)
    }

    /// From 0.5 ms to 10 s: a gate answer should land in the first buckets.
    public static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5), .seconds(10),
    ]
}
