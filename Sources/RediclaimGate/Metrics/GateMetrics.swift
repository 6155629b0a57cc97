import Prometheus
import RediclaimOps
import Synchronization

/// The gate's Prometheus metrics, in a registry of its own (tests build several gates in one process).
public final class GateMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let deliveryFailures: Counter
    let republished: Counter
    let resultsApplied: Counter
    let resultsUndecodable: Counter
    let resultPartitions: Gauge
    private let perEvent = Mutex<[Int64: EventMetrics]>([:])
    private let perRoute = Mutex<[String: RouteMetrics]>([:])

    struct EventMetrics {
        let queueLength: Gauge
        let released: Counter
        let releaseRate: Gauge
        let pending: Gauge
    }

    struct RouteMetrics {
        let latency: DurationHistogram
        var byStatus: [Int: Counter]
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        deliveryFailures = registry.counter(
            "rediclaim_gate_kafka_delivery_failures_total", "IssueRequested messages the broker did not acknowledge")
        republished = registry.counter(
            "rediclaim_gate_republished_total", "pending requests published again after pendingRepublishAfterMs")
        resultsApplied = registry.counter(
            "rediclaim_gate_results_applied_total", "issuer results that changed a user's status in Redis")
        resultsUndecodable = registry.counter(
            "rediclaim_gate_results_undecodable_total", "result messages that could not be decoded (skipped)")
        resultPartitions = registry.gauge(
            "rediclaim_gate_result_partitions_assigned", "result-topic partitions this gate consumes (0 while its group forms)")
    }

    func event(_ id: Int64) -> EventMetrics {
        perEvent.withLock { all in
            if let m = all[id] { return m }
            let labels = [("event", String(id))]
            let m = EventMetrics(
                queueLength: registry.gauge("rediclaim_gate_queue_length", "users waiting", labels: labels),
                released: registry.counter("rediclaim_gate_released_total", "users released by this gate", labels: labels),
                releaseRate: registry.gauge("rediclaim_gate_release_rate", "measured releases per second (all gates, smoothed)", labels: labels),
                pending: registry.gauge("rediclaim_gate_pending_dispatch", "released users whose request Kafka has not acknowledged", labels: labels))
            all[id] = m
            return m
        }
    }

    /// One answered request: counted by route and status, timed by route.
    func record(route: String, status: Int, duration: Duration) {
        let (latency, counter) = perRoute.withLock { all -> (DurationHistogram, Counter) in
            var m = all[route] ?? RouteMetrics(
                latency: registry.durationHistogram(
                    "rediclaim_gate_http_request_duration_seconds", "time to answer", labels: [("route", route)]),
                byStatus: [:])
            let counter = m.byStatus[status] ?? registry.counter(
                "rediclaim_gate_http_requests_total", "requests answered",
                labels: [("route", route), ("status", String(status))])
            m.byStatus[status] = counter
            all[route] = m
            return (m.latency, counter)
        }
        counter.increment()
        latency.record(duration)
    }
}
