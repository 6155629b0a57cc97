import Foundation
import TestSupport
import Testing

/// `scripts/check-dashboard.sh` in its small run: the real gate and issuer binaries of this build, Debian's
/// Prometheus scraping them, every dashboard query and alert expression evaluated against what they export.
@Suite("End to end: dashboard and alert queries against live metrics", .timeLimit(.minutes(3)))
struct DashboardCheckTests {
    @Test("every dashboard query and alert expression returns series and names only exported metrics")
    func dashboardAndAlertsMatchTheMetrics() async throws {
        let kafkaPort = try #require(TestStack.kafkaBrokers.split(separator: ":").last.map(String.init))
        let run = try await Executables.runScript(
            "scripts/check-dashboard.sh", [],
            environment: [
                "REDICLAIM_BIN_DIR": Executables.binDirectory.path,
                "REDICLAIM_REDIS_PORT": "\(TestStack.redisPort)", "REDICLAIM_MYSQL_PORT": "\(TestStack.mysqlPort)",
                "REDICLAIM_KAFKA_PORT": kafkaPort,
                "CHECK_GATE_PORT": "\(try LocalPorts.free())", "CHECK_OPS_PORT": "\(try LocalPorts.free())",
                "CHECK_PROM_PORT": "\(try LocalPorts.free())",
            ])
        #expect(run.status == 0, "check-dashboard.sh failed:\n\(run.stdout.suffix(6_000))\n\(run.stderr.suffix(3_000))")
        #expect(run.stdout.contains("canaries that must fail were caught"), "\(run.stdout.suffix(2_000))")
        let table = try String(
            contentsOf: TestStack.projectRoot.appendingPathComponent("bench/results/dashboard-check.md"), encoding: .utf8)
        #expect(table.contains("| alert: RediclaimReleaseStalled"), "the table lists no alerts")
    }
}
