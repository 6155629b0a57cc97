import Foundation
import TestSupport
import Testing

@Suite("rediclaimctl stats and lag figures; unreachable servers (no issuer)", .timeLimit(.minutes(2)))
struct StatsAndFailuresTests {
    @Test("stats: waiting, released, pending dispatch and its age, configured rate; --watch redraws; lag lists both groups")
    func stats() async throws {
        try await OpsStack.run { s in
            try await s.applyEvent(stock: 100, rate: 1_000)
            _ = try await s.enqueueAndRelease(["a", "b"])
            try await s.withRoom { room in for user in ["c", "d", "e"] { _ = try await room.enqueue(eventId: s.eventId, userId: user) } }
            let id = String(s.eventId)
            let stats = try await s.json("stats", id, "--sample", "0.3")
            #expect(stats.status == 0, "\(stats.stderr)")
            #expect(stats.object["state"] as? String == "OPEN" && stats.object["remainingStock"] as? Int == 100)
            let live = JSONAccess.object(stats.object["live"])
            #expect(live["waiting"] as? Int == 3 && live["released"] as? Int == 2 && live["pendingDispatch"] as? Int == 2)
            #expect(live["releaseBudget"] as? Int == 98 && live["configuredReleaseRate"] as? Int == 1_000)
            #expect((live["oldestPendingMs"] as? Int ?? -1) >= 0 && live["measuredReleaseRate"] as? Double == 0)
            let text = try await s.ctl("stats", id, "--sample", "0")
            #expect(text.stdout.contains("pending dispatch") && text.stdout.contains("oldest"), "\(text.stdout)")

            let watch = try await s.ctl("stats", id, "--watch", "--interval", "0.2", "--count", "2", "--sample", "0.2")
            #expect(watch.status == 0)
            #expect(watch.stdout.components(separatedBy: "\u{1B}[2J").count == 3 && watch.stdout.contains("Ctrl-C"))

            let lag = try await s.json("lag", "--sample", "0")
            #expect(lag.status == 0)
            let groups = JSONAccess.objects(lag.object["groups"])
            #expect(groups.map { $0["role"] as? String ?? "" } == ["issuer", "gate"])
            #expect(groups.map { $0["topic"] as? String ?? "" } == [s.topics.requestTopic, s.topics.resultTopic])
            let lagWatch = try await s.ctl("lag", "--watch", "--interval", "0.2", "--count", "2")
            #expect(lagWatch.status == 0 && lagWatch.stdout.contains("issuer: group \(s.topics.group)"))
        }
    }

    @Test("an unreachable server is one line naming it and its setting, exit 2; bad flags are usage errors")
    func failures() async throws {
        try await OpsStack.run { s in
            try await s.applyEvent()
            func run(_ args: [String], _ env: [String: String]) async throws -> Executables.Result {
                try await Executables.run("rediclaimctl", args, environment: s.environment.merging(env) { _, new in new })
            }
            let kafka = try await run(["lag", "--sample", "0"], ["REDICLAIM_KAFKA_BROKERS": "127.0.0.1:1"])
            #expect(kafka.status == 2)
            #expect(kafka.stderr.contains("Error: Kafka at 127.0.0.1:1 (kafka.brokers)"), "\(kafka.stderr)")
            let redis = try await run(["stats", String(s.eventId)], ["REDICLAIM_REDIS_URL": "redis://127.0.0.1:1/0"])
            #expect(redis.status == 2)
            #expect(redis.stderr.contains("Error: Redis at 127.0.0.1:1 (redis.url)"), "\(redis.stderr)")
            let mysql = try await run(["dlq", "list"], ["REDICLAIM_MYSQL_URL": "mysql://u@127.0.0.1:1/x"])
            #expect(mysql.status == 2 && mysql.stderr.contains("127.0.0.1:1"), "\(mysql.stderr)")
            #expect(mysql.stderr.split(separator: "\n").count == 1)
            let unknown = try await s.ctl("reconcile", "424242")
            #expect(unknown.status == 2 && unknown.stderr.contains("event 424242 not found"))

            #expect(try await s.ctl("lag", "--watch", "--json").status == 64)
            #expect(try await s.ctl("dlq", "replay").status == 64)
            #expect(try await s.ctl("dlq", "replay", "--id", "zero").status == 64)
            #expect(try await s.ctl("dlq", "purge", "--before", "yesterday").status == 64)
            #expect(try await s.ctl("reconcile", String(s.eventId), "--grace", "soon").status == 64)
        }
    }
}
