import Foundation
import Prometheus
import RediclaimCore
import RediclaimOps
import RediclaimStore
import Synchronization

/// The gate's Prometheus metrics, in a registry of its own (tests build several gates in one process).
public final class GateMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let deliveryFailures: Counter
    let republished: Counter
    let slowClientsCut: Counter
    let recoveries: Counter
    let resultsApplied: Counter
    let resultsUndecodable: Counter
    let resultRetries: Counter
    let resultPartitions: Gauge
    let cohortsPlaced: Counter
    let cohortChunkSeconds: Gauge
    private let perEvent = Mutex<[Int64: EventMetrics]>([:])
    private let perRoute = Mutex<[String: RouteMetrics]>([:])
    private let perEventFigures = Mutex<[Int64: EventFigures]>([:])

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
        recoveries = registry.counter(
            "rediclaim_gate_event_rebuilds_total", "event runtime copies rebuilt from MySQL and Kafka after Redis lost data")
        slowClientsCut = registry.counter(
            "rediclaim_gate_slow_requests_cut_total", "connections closed because a request's headers or body came too slowly")
        republished = registry.counter(
            "rediclaim_gate_republished_total", "pending requests published again after pendingRepublishAfterMs")
        resultsApplied = registry.counter(
            "rediclaim_gate_results_applied_total", "issuer results that changed a user's status in Redis")
        resultsUndecodable = registry.counter(
            "rediclaim_gate_results_undecodable_total", "result messages that could not be decoded (sent to kafka.resultDlqTopic)")
        resultRetries = registry.counter(
            "rediclaim_gate_result_retries_total", "result batches tried again (Redis or Kafka unavailable)")
        cohortsPlaced = registry.counter(
            "rediclaim_gate_cohorts_placed_total", "pre-queue cohorts this gate placed (or finished placing) at an open")
        cohortChunkSeconds = registry.gauge(
            "rediclaim_gate_cohort_chunk_seconds", "the slowest chunk of the last cohort placement, as this gate saw it")
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

    /// The event's definition and Redis counters as gauges, sampled by the ticker once a second. Every
    /// replica reads the same Redis, so dashboards and alerts take `max by (event)`.
    func sample(_ id: Int64, _ definition: RuntimeDefinition, _ counters: RuntimeCounters, now: Date = Date()) {
        let figures = perEventFigures.withLock { all in
            if let f = all[id] { return f }
            let f = EventFigures(registry: registry, event: String(id))
            all[id] = f
            return f
        }
        figures.set(definition, counters, now: now)
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

/// Per-event gauges for dashboards and alerts (docs/runbook.md explains the alerts built on them).
struct EventFigures {
    let stock: Gauge
    let configuredRate: Gauge
    let released: Gauge
    let issued: Gauge
    let soldOut: Gauge
    let oldestPending: Gauge
    let state: [EventState: Gauge]

    init(registry: PrometheusCollectorRegistry, event: String) {
        let labels = [("event", event)]
        stock = registry.gauge("rediclaim_gate_event_stock", "coupons the event offers", labels: labels)
        configuredRate = registry.gauge(
            "rediclaim_gate_release_rate_configured", "configured releases per second", labels: labels)
        released = registry.gauge(
            "rediclaim_gate_event_released", "users released by all gates (the event's counter in Redis)", labels: labels)
        issued = registry.gauge(
            "rediclaim_gate_event_issued", "released users whose ISSUED status is in Redis", labels: labels)
        soldOut = registry.gauge(
            "rediclaim_gate_event_sold_out", "released users whose SOLD_OUT status is in Redis", labels: labels)
        // A timestamp rather than an age, so the age keeps growing in PromQL even if the ticker stops sampling.
        oldestPending = registry.gauge(
            "rediclaim_gate_pending_dispatch_oldest_timestamp_seconds",
            "when the oldest pending dispatch was released or last re-published (Redis clock, Unix time); 0 when none",
            labels: labels)
        var state: [EventState: Gauge] = [:]
        for s in EventState.allCases {
            state[s] = registry.gauge(
                "rediclaim_gate_event_state", "1 for the event's current state, else 0", labels: labels + [("state", s.rawValue)])
        }
        self.state = state
    }

    func set(_ definition: RuntimeDefinition, _ counters: RuntimeCounters, now: Date) {
        stock.set(Double(definition.stock))
        configuredRate.set(Double(definition.releaseRate))
        released.set(Double(counters.released))
        issued.set(Double(counters.issued))
        soldOut.set(Double(counters.soldOut))
        oldestPending.set(counters.pending > 0 ? Double(counters.oldestPendingMs ?? 0) / 1_000 : 0)
        let current = definition.state(at: now, released: counters.released)
        for (s, gauge) in state { gauge.set(s == current ? 1.0 : 0.0) }
    }
}
