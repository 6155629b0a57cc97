import Foundation
import TestSupport
import Testing

/// The short chaos run on every change: `scripts/chaos.sh --short` for the faults the suite can inject
/// without disturbing the other tests (a private Redis, its own database, topics and groups). The full run,
/// with the broker and MariaDB faults, is `scripts/chaos.sh`.
@Suite("Chaos, short: Redis lost and the gate killed under live load", .timeLimit(.minutes(8)))
struct ChaosTests {
    struct Row: Decodable {
        struct Check: Decodable {
            let check: String
            let passed: Bool
            let detail: String
            let examples: [String]
        }

        let scenario: String
        let passed: Bool
        let checks: [Check]
    }

    @Test("Redis lost (every key), Redis kill -9 with AOF, the gate kill -9: every check passes")
    func shortRun() async throws {
        let (client, database) = try await TestServers.freshDatabase(migrate: false)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("chaos"))
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let topic = uniqueName("chaos")
        let base = try LocalPorts.free()
        let result = try await Executables.runScript(
            "scripts/chaos.sh", ["--short", "redis-lost", "redis-kill-aof", "gate-kill"],
            environment: [
                "CHAOS_BIN": Executables.binDirectory.path, "CHAOS_OUT": work.path, "CHAOS_RESULTS": work.path,
                "CHAOS_PRIVATE_REDIS": "1", "REDICLAIM_REDIS_PORT": String(try LocalPorts.free()),
                "CHAOS_PORT": String(base), "REDICLAIM_MYSQL_DATABASE": database,
                "REDICLAIM_MYSQL_PORT": String(TestStack.mysqlPort),
                "REDICLAIM_KAFKA_REQUEST_TOPIC": "\(topic)-req", "REDICLAIM_KAFKA_RESULT_TOPIC": "\(topic)-res",
                "REDICLAIM_KAFKA_DLQ_TOPIC": "\(topic)-dlq", "REDICLAIM_KAFKA_RESULT_DLQ_TOPIC": "\(topic)-rdlq",
                "REDICLAIM_GATE_RESULT_GROUP": "\(topic)-gate", "REDICLAIM_ISSUER_GROUP_ID": "\(topic)-issuer",
            ])
        await TestServers.dropDatabase(database, closing: client)
        let rows = try JSONDecoder().decode([Row].self, from: Data(contentsOf: work.appendingPathComponent("chaos.json")))
        #expect(rows.map(\.scenario) == ["redis-lost", "redis-kill-aof", "gate-kill"])
        for row in rows {
            for check in row.checks where !check.passed {
                Issue.record("\(row.scenario): \(check.check): \(check.detail) \(check.examples)")
            }
            #expect(row.checks.count >= 9, "\(row.scenario) ran every check")
        }
        #expect(result.status == 0, "chaos.sh failed:\n\(result.stdout.suffix(3_000))\n\(result.stderr.suffix(2_000))")
    }
}
