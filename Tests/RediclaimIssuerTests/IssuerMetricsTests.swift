import Prometheus
@testable import RediclaimIssuer
import Testing

/// Lag and committed offset per partition: what RediclaimIssuerPartitionStalled reads (k8s/monitoring).
@Suite("Issuer metrics: lag and committed offset per partition")
struct IssuerMetricsTests {
    @Test("each assigned partition gets its lag and committed offset; unassigned partitions lose both series")
    func lagAndOffset() {
        let registry = PrometheusCollectorRegistry()
        let metrics = IssuerMetrics(registry: registry)
        metrics.setLag(topic: "req", [0: 5, 1: 0], committed: [0: 42, 1: 7])
        let text = registry.emitToString()
        #expect(text.contains(#"rediclaim_issuer_consumer_lag{topic="req",partition="0"} 5.0"#), "\(text)")
        #expect(text.contains(#"rediclaim_issuer_committed_offset{topic="req",partition="0"} 42.0"#), "\(text)")
        #expect(text.contains(#"rediclaim_issuer_committed_offset{topic="req",partition="1"} 7.0"#), "\(text)")
        metrics.setLag(topic: "req", [1: 0], committed: [1: 9])
        let after = registry.emitToString()
        #expect(!after.contains(#"partition="0""#), "partition 0 was revoked:\n\(after)")
        #expect(after.contains(#"rediclaim_issuer_committed_offset{topic="req",partition="1"} 9.0"#), "\(after)")
    }
}
