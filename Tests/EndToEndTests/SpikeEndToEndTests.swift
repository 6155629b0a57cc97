import Foundation
import RediclaimConfig
import RediclaimCore
import RediclaimKafka
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The whole path on every change: the real gate and issuer binaries, a spike of 2,000 simulated users
/// (`rediclaim-bench spike`) for 500 coupons, then `rediclaimctl verify` (I1-I8). The 100,000-user run is
/// `scripts/e2e.sh`. The pre-queue variant opens the event while the users arrive (`PREQUEUE=1` there).
@Suite("End to end: a spike through gate, Kafka and issuer", .serialized, .timeLimit(.minutes(5)))
struct SpikeEndToEndTests {
    static let users = 2_000
    static let stock = 500

    @Test("2,000 users, 500 coupons: every user ends ISSUED or SOLD_OUT, 500 issued, all invariants hold")
    func spike() async throws {
        try await run(preQueue: false)
    }

    @Test("the same with a pre-queue opening mid-arrival: some users pre-queued, some after, invariants and verify-shuffle hold")
    func preQueueSpike() async throws {
        try await run(preQueue: true)
    }

    func run(preQueue: Bool) async throws {
        try await TestServers.withDatabase { _, database in
            let eventId = Int64.random(in: 6_000_000_000...6_999_999_999)
            let requestTopic = try await TestKafka.topic("e2e-requests", partitions: 3)
            let resultTopic = try await TestKafka.topic("e2e-results", partitions: 3)
            let dlqTopic = try await TestKafka.topic("e2e-dlq", partitions: 1)
            let gatePort = try LocalPorts.free()
            let gateOpsPort = try LocalPorts.free()
            let opsPort = try LocalPorts.free()
            let jwtSecret = "e2e-jwt-secret-" + String(repeating: "j", count: 32)
            let common = [
                "redis.url=\(TestStack.redisURL)",
                "mysql.url=mysql://\(TestStack.mysqlUser)@\(TestStack.mysqlHost):\(TestStack.mysqlPort)/\(database)",
                "mysql.password=\(TestStack.mysqlPassword)", "kafka.brokers=\(TestStack.kafkaBrokers)",
                "kafka.requestTopic=\(requestTopic)", "kafka.resultTopic=\(resultTopic)", "kafka.dlqTopic=\(dlqTopic)",
                "log.level=warning",
            ]
            // rediclaimctl reads the same settings from the environment.
            let ctlEnvironment = try Executables.environment(settings: common)
            let issuer = try ChildProcess(
                "rediclaim-issuer", ["run"],
                settings: common + ["issuer.groupId=\(uniqueName("e2e-issuer"))", "issuer.opsPort=\(opsPort)"], name: "e2e-issuer")
            let gate = try ChildProcess(
                "rediclaim-gate",
                settings: common + [
                    "gate.port=\(gatePort)", "gate.host=127.0.0.1", "gate.ticketSecret=\(String(repeating: "e", count: 40))",
                    "gate.resultGroup=\(uniqueName("e2e-gate"))", "gate.rateLimit.ipPerSecond=0",
                    "gate.opsHost=127.0.0.1", "gate.opsPort=\(gateOpsPort)", "gate.identity.jwtSecret=\(jwtSecret)",
                ], name: "e2e-gate")
            defer {
                gate.terminate()
                issuer.terminate()
            }
            try await Self.waitUntilAnswering("http://127.0.0.1:\(gateOpsPort)/readyz", process: gate)
            try await Self.waitUntilAnswering("http://127.0.0.1:\(opsPort)/readyz", process: issuer)
            try await Self.waitForResultPartitions(gatePort: gateOpsPort, process: gate)

            // Pre-queue: the window is open from the start and the open falls about half-way through the
            // arrivals (the generator starts its clock within a second of its launch).
            let openAt = preQueue ? Timestamps.iso8601(Date().addingTimeInterval(2.5)) : "now"
            let created = try await Executables.run(
                "rediclaimctl",
                ["event", "create", "--id", "\(eventId)", "--name", "e2e", "--stock", "\(Self.stock)", "--open-at", openAt,
                 "--close-at", "+1h", "--rate", "500", "--fixed", "1000"] + (preQueue ? ["--pre-queue", "600"] : []),
                environment: ctlEnvironment)
            try #require(created.status == 0, "event create failed: \(created.stderr)")

            let summary = FileManager.default.temporaryDirectory.appendingPathComponent("\(uniqueName("spike")).json").path
            let load = try await Executables.run(
                "rediclaim-bench",
                ["spike", "--url", "http://127.0.0.1:\(gatePort)", "--event", "\(eventId)", "--users", "\(Self.users)",
                 "--arrival-seconds", "3", "--deadline", "90", "--jwt-secret", jwtSecret, "--prefix", "e2e\(eventId)",
                 "--connections", "64", "--out", summary])
            #expect(load.status == 0, "rediclaim-bench spike failed:\n\(load.stdout.suffix(3_000))\n\(load.stderr.suffix(2_000))")
            let doc = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
            let final = try #require(doc["finalStatus"] as? [String: Any])
            let issued = (final["ISSUED"] as? Int) ?? -1
            let soldOut = (final["SOLD_OUT"] as? Int) ?? -1
            #expect(issued == Self.stock, "clients saw \(issued) ISSUED")
            #expect(issued + soldOut == Self.users, "every user reached a final status")
            #expect(doc["http5xx"] as? Int == 0)

            let verify = try await Executables.run("rediclaimctl", ["verify", "\(eventId)"], environment: ctlEnvironment)
            #expect(verify.status == 0, "verify failed:\n\(verify.stdout)\n\(verify.stderr)")
            #expect(verify.stdout.components(separatedBy: "PASS").count - 1 == 8, "\(verify.stdout)")
            let preQueued = (doc["preQueuedUsers"] as? Int) ?? -1
            if preQueue {
                #expect(preQueued > 0 && preQueued < Self.users, "users on both sides of the open (pre-queued: \(preQueued))")
                let shuffle = try await Executables.run("rediclaimctl", ["verify-shuffle", "\(eventId)"], environment: ctlEnvironment)
                #expect(shuffle.status == 0, "verify-shuffle failed:\n\(shuffle.stdout)\n\(shuffle.stderr)")
                #expect(shuffle.stdout.contains("cohort      \(preQueued) users"), "the cohort is the pre-queued users:\n\(shuffle.stdout)")
            } else {
                #expect(preQueued == 0)
            }

            gate.signal(SIGTERM)
            issuer.signal(SIGTERM)
            #expect(await gate.waitForExit() == 0, "gate exit on SIGTERM:\n\(gate.log.suffix(2_000))")
            #expect(await issuer.waitForExit() == 0, "issuer exit on SIGTERM:\n\(issuer.log.suffix(2_000))")
            _ = try? await Executables.run("rediclaimctl", ["event", "close", "\(eventId)"], environment: ctlEnvironment)
        }
    }

    /// Results reach users only once the gate's result consumer has joined its group.
    static func waitForResultPartitions(gatePort: Int, process: ChildProcess) async throws {
        let end = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < end {
            let metrics = try? await Executables.runTool("/usr/bin/curl", ["-s", "http://127.0.0.1:\(gatePort)/metrics"])
            let line = metrics?.stdout.split(separator: "\n").first { $0.hasPrefix("rediclaim_gate_result_partitions_assigned ") }
            if let value = line?.split(separator: " ").last.flatMap({ Double($0) }), value > 0 { return }
            try await Task.sleep(for: .milliseconds(500))
        }
        Issue.record("the gate's result consumer never got partitions:\n\(process.log.suffix(3_000))")
        throw CancellationError()
    }

    static func waitUntilAnswering(_ url: String, process: ChildProcess) async throws {
        let end = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < end {
            if (try? await Executables.runTool("/usr/bin/curl", ["-sf", "--max-time", "2", url]))?.status == 0 { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("\(url) never answered:\n\(process.log.suffix(3_000))")
        throw CancellationError()
    }
}

