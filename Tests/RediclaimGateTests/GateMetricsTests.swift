import Foundation
import Hummingbird
import HummingbirdTesting
import Prometheus
import RediclaimCore
@testable import RediclaimGate
import RediclaimOps
import RediclaimStore
import Testing

/// The gauges the dashboard and the alerts read (k8s/monitoring), without servers.
@Suite("Gate metrics for dashboards and alerts")
struct GateMetricsTests {
    static func definition(stock: Int64 = 500, rate: Int = 200, openIn: TimeInterval = -60) throws -> RuntimeDefinition {
        let now = Date()
        let event = try Event(
            id: 1001, name: "m", stock: stock, openAt: now.addingTimeInterval(openIn), closeAt: now.addingTimeInterval(3_600),
            releaseRate: rate, coupon: try CouponPolicy(discount: .fixed(amount: 100), validDays: 1))
        return RuntimeDefinition(record: EventRecord(event: event))
    }

    static func lines(_ metrics: GateMetrics) -> Set<String> {
        Set(metrics.registry.emitToString().split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") })
    }

    @Test("a sample sets stock, configured rate, released, issued, sold out, oldest pending and the state")
    func sample() throws {
        let metrics = GateMetrics()
        var counters = RuntimeCounters()
        counters.released = 120
        counters.issued = 100
        counters.soldOut = 7
        counters.pending = 3
        counters.oldestPendingMs = 1_700_000_000_500
        metrics.sample(1001, try Self.definition(), counters)
        let lines = Self.lines(metrics)
        for expected in [
            #"rediclaim_gate_event_stock{event="1001"} 500.0"#, #"rediclaim_gate_release_rate_configured{event="1001"} 200.0"#,
            #"rediclaim_gate_event_released{event="1001"} 120.0"#, #"rediclaim_gate_event_issued{event="1001"} 100.0"#,
            #"rediclaim_gate_event_sold_out{event="1001"} 7.0"#,
            #"rediclaim_gate_pending_dispatch_oldest_timestamp_seconds{event="1001"} 1700000000.5"#,
            #"rediclaim_gate_event_state{event="1001",state="OPEN"} 1.0"#,
            #"rediclaim_gate_event_state{event="1001",state="SOLD_OUT"} 0.0"#,
        ] {
            #expect(lines.contains(expected), "no \(expected) in:\n\(lines.sorted().joined(separator: "\n"))")
        }
    }

    @Test("nothing pending reads 0; a spent budget reads SOLD_OUT and no longer OPEN")
    func soldOutAndNothingPending() throws {
        let metrics = GateMetrics()
        var counters = RuntimeCounters()
        counters.released = 500
        counters.oldestPendingMs = 1_700_000_000_000 // stale: pending is 0
        metrics.sample(1001, try Self.definition(), counters)
        let lines = Self.lines(metrics)
        #expect(lines.contains(#"rediclaim_gate_pending_dispatch_oldest_timestamp_seconds{event="1001"} 0.0"#))
        #expect(lines.contains(#"rediclaim_gate_event_state{event="1001",state="SOLD_OUT"} 1.0"#))
        #expect(lines.contains(#"rediclaim_gate_event_state{event="1001",state="OPEN"} 0.0"#))
    }

    @Test("/metrics probes readiness: rediclaim_dependency_ready is 1 for a dependency that answers, 0 otherwise")
    func readinessGauge() async throws {
        struct Down: Error {}
        let registry = PrometheusCollectorRegistry()
        let router = Router()
        OpsRoutes.add(
            to: router, registry: registry,
            checks: [ReadinessCheck("redis") {}, ReadinessCheck("kafka") { throw Down() }])
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains(#"rediclaim_dependency_ready{dependency="redis"} 1.0"#), "\(body)")
                #expect(body.contains(#"rediclaim_dependency_ready{dependency="kafka"} 0.0"#), "\(body)")
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }
}
