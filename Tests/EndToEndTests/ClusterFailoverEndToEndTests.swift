import Foundation
import RediclaimConfig
import RediclaimIdentity
import RediclaimRedis
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The gate and issuer binaries on a private Redis Cluster while users enqueue and poll: the event's
/// master is failed over by `CLUSTER FAILOVER` on its replica, then the new master is `kill -9`ed. No
/// process restarts; every failed request is a 503 with a JSON body; every user ends ISSUED or SOLD_OUT;
/// `rediclaimctl verify` passes. It prints how long requests failed and what the kill lost.
@Suite("End to end: a Redis Cluster master fails over under load (private Redis Cluster)", .timeLimit(.minutes(5)))
struct ClusterFailoverEndToEndTests {
    static let users = 500
    static let stock = 350
    static let rate = 25
    static let jwtSecret = "cluster-e2e-jwt-secret-" + String(repeating: "c", count: 32)

    @Test("CLUSTER FAILOVER, then kill -9 of the master: 503s with a body while the slot has no master, then all carry on; verify passes")
    func failoverUnderLoad() async throws {
        let cluster = try await PrivateRedisCluster(nodeTimeoutMs: 1_000)
        do {
            try await run(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    private func run(_ cluster: PrivateRedisCluster) async throws {
        try await TestServers.withDatabase { _, database in
            let eventId = Int64.random(in: 7_000_000_000...7_999_999_999)
            let requestTopic = try await TestKafka.topic("cf-requests", partitions: 3)
            let resultTopic = try await TestKafka.topic("cf-results", partitions: 3)
            let dlqTopic = try await TestKafka.topic("cf-dlq", partitions: 1)
            let gatePort = try LocalPorts.free(), gateOpsPort = try LocalPorts.free(), issuerOpsPort = try LocalPorts.free()
            let common = [
                "redis.url=\(cluster.url)", "redis.commandTimeoutMs=1000",
                "mysql.url=mysql://\(TestStack.mysqlUser)@\(TestStack.mysqlHost):\(TestStack.mysqlPort)/\(database)",
                "mysql.password=\(TestStack.mysqlPassword)", "kafka.brokers=\(TestStack.kafkaBrokers)",
                "kafka.requestTopic=\(requestTopic)", "kafka.resultTopic=\(resultTopic)", "kafka.dlqTopic=\(dlqTopic)",
                "log.level=notice",
                // The gate's keeper reads this group's progress to know when the issuer has drained.
                "issuer.groupId=\(uniqueName("cf-issuer"))",
            ]
            // rediclaimctl reads the same settings from the environment.
            let ctl = try Executables.environment(settings: common)
            let created = try await Executables.run(
                "rediclaimctl",
                ["event", "create", "--id", "\(eventId)", "--name", "failover", "--stock", "\(Self.stock)", "--open-at", "now",
                 "--close-at", "+1h", "--rate", "\(Self.rate)", "--fixed", "1000"],
                environment: ctl)
            try #require(created.status == 0, "event create failed: \(created.stderr)")

            let issuer = try ChildProcess(
                "rediclaim-issuer", ["run"],
                settings: common + ["issuer.opsPort=\(issuerOpsPort)"], name: "cf-issuer")
            let gate = try ChildProcess(
                "rediclaim-gate",
                settings: common + [
                    "gate.port=\(gatePort)", "gate.host=127.0.0.1", "gate.ticketSecret=\(String(repeating: "f", count: 40))",
                    "gate.resultGroup=\(uniqueName("cf-gate"))", "gate.rateLimit.ipPerSecond=0",
                    "gate.opsHost=127.0.0.1", "gate.opsPort=\(gateOpsPort)", "gate.identity.jwtSecret=\(Self.jwtSecret)",
                ], name: "cf-gate")
            defer {
                gate.terminate()
                issuer.terminate()
            }
            try await SpikeEndToEndTests.waitUntilAnswering("http://127.0.0.1:\(gateOpsPort)/readyz", process: gate)
            try await SpikeEndToEndTests.waitUntilAnswering("http://127.0.0.1:\(issuerOpsPort)/readyz", process: issuer)
            try await SpikeEndToEndTests.waitForResultPartitions(gatePort: gateOpsPort, process: gate)

            let load = FailoverLoad(base: "http://127.0.0.1:\(gatePort)", eventId: eventId, secret: Self.jwtSecret)
            let users = Task { await load.run(users: Self.users, arrivalSeconds: 10) }
            let slot = RedisClusterSlot.slot(forKey: "{e:\(eventId)}")

            // 1. CLUSTER FAILOVER on the replica of the event's master: a handover without data loss.
            try await Task.sleep(for: .seconds(4))
            let first = try await cluster.master(ofSlot: slot)
            let firstReplica = try await cluster.replica(of: first)
            let manualAt = ContinuousClock.now
            #expect(try await cluster.withNode(firstReplica) { try await $0.send("CLUSTER", "FAILOVER") } == .status("OK"))
            let manualTakeover = try await waitForMaster(cluster, slot: slot, is: firstReplica, since: manualAt)

            // 2. kill -9 of the new master: its replica (the old master) is promoted after the node timeout.
            try await Task.sleep(for: .seconds(4))
            let second = try await cluster.master(ofSlot: slot)
            let secondReplica = try await cluster.replica(of: second)
            let killAt = ContinuousClock.now
            try cluster.kill9(second)
            let killTakeover = try await waitForMaster(cluster, slot: slot, is: secondReplica, since: killAt)

            // What the kill lost: users whose enqueue was acknowledged in the last second before it and
            // whom the promoted replica does not know (neither queued nor with a status).
            let recent = load.acknowledged(from: killAt - .seconds(1), to: killAt)
            let redis = RedisClient(configuration: try cluster.configuration(), logger: TestServers.logger)
            var lost: [String] = []
            for user in recent {
                let queued = try await redis.send("ZSCORE", "rc:{e:\(eventId)}:q", user)
                let status = try await redis.send("HGET", "rc:{e:\(eventId)}:u", user)
                if queued == .null && status == .null { lost.append(user) }
            }
            await redis.shutdown()

            let outcome = await users.value
            #expect(gate.isRunning && issuer.isRunning, "no process died")
            let manual = load.failures(from: manualAt, to: killAt)
            let killed = load.failures(from: killAt, to: killAt + .seconds(60))
            let rebuilds = gate.log.components(separatedBy: "event rebuilt; releases resume").count - 1
            print(
                """
                [cluster failover e2e] CLUSTER FAILOVER: replica serving after \(ms(manualTakeover)) ms; \(manual.summary)
                [cluster failover e2e] kill -9 of the master: replica promoted after \(ms(killTakeover)) ms; \(killed.summary)
                [cluster failover e2e] acknowledged enqueues in the last second before the kill: \(recent.count), missing on the promoted replica: \(lost.count)
                [cluster failover e2e] users told NOT_IN_QUEUE (re-enqueued): \(outcome.notInQueue); runtime rebuilds by the gate's keeper: \(rebuilds)
                [cluster failover e2e] final: \(outcome.issued) ISSUED, \(outcome.soldOut) SOLD_OUT, \(outcome.unfinished) unfinished; requests \(outcome.requests), other errors \(outcome.otherErrors)
                """)
            if outcome.unfinished > 0 || rebuilds == 0 {
                print("[cluster failover e2e] gate log:\n\(gate.log.suffix(8_000))")
            }
            #expect(manual.bad == 0 && killed.bad == 0, "every failed request was a 503 UNAVAILABLE with a JSON body")
            #expect(killed.count > 0, "a killed master's slot cannot answer until its replica is promoted")
            #expect(outcome.transportErrors == 0, "the gate answered every request")
            #expect(outcome.otherErrors == 0, "no answer but 202/200, 503 UNAVAILABLE or NOT_IN_QUEUE")
            #expect(outcome.unfinished == 0 && outcome.issued == Self.stock && outcome.issued + outcome.soldOut == Self.users)
            #expect(rebuilds >= 1, "a promoted replica is another Redis lifetime: the keeper rebuilds the event")

            let verify = try await Executables.run("rediclaimctl", ["verify", "\(eventId)"], environment: ctl)
            #expect(verify.status == 0, "verify failed:\n\(verify.stdout)\n\(verify.stderr)\n\(gate.log.suffix(3_000))")
            #expect(verify.stdout.components(separatedBy: "PASS").count - 1 == 8, "\(verify.stdout)")

            gate.signal(SIGTERM)
            issuer.signal(SIGTERM)
            #expect(await gate.waitForExit() == 0, "gate exit on SIGTERM:\n\(gate.log.suffix(2_000))")
            #expect(await issuer.waitForExit() == 0, "issuer exit on SIGTERM:\n\(issuer.log.suffix(2_000))")
        }
    }

    private func waitForMaster(
        _ cluster: PrivateRedisCluster, slot: Int, is port: Int, since: ContinuousClock.Instant
    ) async throws -> Duration {
        while (try? await cluster.master(ofSlot: slot)) != port {
            try #require(ContinuousClock.now - since < .seconds(30), "\(port) was never promoted")
            try await Task.sleep(for: .milliseconds(50))
        }
        return ContinuousClock.now - since
    }

    private func ms(_ duration: Duration) -> Int { Int((duration / .milliseconds(1)).rounded()) }
}
