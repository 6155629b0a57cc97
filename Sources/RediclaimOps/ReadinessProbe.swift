import Prometheus
import Synchronization

/// Runs the readiness checks at most once per `maxAge`: `/readyz` and every scrape share the answer,
/// so a crowd (or a tight probe) cannot turn readiness into a load on Redis, Kafka or MySQL.
public final class ReadinessProbe: Sendable {
    let checks: [ReadinessCheck]
    let maxAge: Duration
    let timeout: Duration
    private let gauges: [String: Gauge]
    private let cached = Mutex<(results: [String: String], at: ContinuousClock.Instant)?>(nil)

    public init(checks: [ReadinessCheck], registry: PrometheusCollectorRegistry, maxAge: Duration = .seconds(1), timeout: Duration = .seconds(2)) {
        self.checks = checks
        self.maxAge = maxAge
        self.timeout = timeout
        // One gauge per dependency, so alerts see readiness even where nothing calls /readyz.
        gauges = Dictionary(uniqueKeysWithValues: checks.map { check in
            (check.name, registry.gauge(
                "rediclaim_dependency_ready", "1 when the dependency answered its readiness probe, else 0",
                labels: [("dependency", check.name)]))
        })
    }

    /// Each check's verdict: "ok" or why not.
    public func results() async -> [String: String] {
        let now = ContinuousClock.now
        if let fresh = cached.withLock({ entry in entry.flatMap { now - $0.at < maxAge ? $0.results : nil } }) {
            return fresh
        }
        let timeout = self.timeout
        let results = await withTaskGroup(of: (String, String?).self) { group in
            for check in checks {
                group.addTask { (check.name, await OpsRoutes.run(check, timeout: timeout)) }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 ?? "ok" }
        }
        for (name, result) in results { gauges[name]?.set(result == "ok" ? 1.0 : 0.0) }
        cached.withLock { $0 = (results, .now) }
        return results
    }
}
