import Foundation
import Logging
import RediclaimConfig
import RediclaimCore
import RediclaimGate
import RediclaimIdentity
import RediclaimKafka
import RediclaimRedis
import RediclaimStore
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// The gate exactly as `rediclaim-gate` builds it (`buildGate`), on the local stack: HTTP, ticker,
/// producer and result consumer, then a graceful shutdown.
@Suite("The production gate wiring (Redis and Tansu)", .timeLimit(.minutes(2)))
struct GateBuildTests {
    @Test("enqueue over HTTP, a release reaches Kafka, a result reaches /rank, then a clean shutdown")
    func wholeGate() async throws {
        let requestTopic = try await TestKafka.topic("req", partitions: 1)
        let resultTopic = try await TestKafka.topic("res", partitions: 1)
        let namespace = TestServers.redisNamespace()
        let config = try RediclaimConfiguration(
            ConfigLoader.load(
                environment: [:],
                overrides: [
                    "redis.url=\(TestStack.redisURL)",
                    "kafka.brokers=\(TestStack.kafkaBrokers)", "kafka.requestTopic=\(requestTopic)",
                    "kafka.resultTopic=\(resultTopic)", "kafka.sessionTimeoutMs=6000",
                    "gate.host=127.0.0.1", "gate.port=0", "gate.ticketSecret=\(String(repeating: "s", count: 40))",
                    "gate.resultGroup=\(uniqueName("g"))", "gate.drainSeconds=5",
                    "gate.rateLimit.ipPerSecond=0", "gate.rateLimit.userPerSecond=0", "gate.opsHost=127.0.0.1", "gate.opsPort=0",
                    "gate.identity.jwtSecret=\(GateFixture.jwtSecret)",
                ]))
        let redis = TestServers.redis()
        let runtime = EventRuntimeStore(redis: redis, namespace: namespace)
        let now = Date()
        try await runtime.publish(
            EventRecord(
                event: try Event(
                    id: 1001, name: "build test", stock: 10, openAt: now.addingTimeInterval(-60),
                    closeAt: now.addingTimeInterval(3_600), releaseRate: 100,
                    coupon: try CouponPolicy(discount: .fixed(amount: 100), validDays: 1))))

        let port = Mutex(0)
        let opsPort = Mutex(0)
        var options = GateBuildOptions()
        options.handlesSignals = false
        options.redisNamespace = namespace
        options.onServerRunning = { bound in port.withLock { $0 = bound } }
        options.onOpsRunning = { bound in opsPort.withLock { $0 = bound } }
        let group = try await buildGate(configuration: config, logger: TestServers.logger, options: options)
        let running = Task { try await group.run() }
        defer { running.cancel() }

        var bound = 0
        for _ in 0..<100 where bound == 0 {
            try await Task.sleep(for: .milliseconds(50))
            bound = port.withLock { $0 }
        }
        try #require(bound > 0)
        let base = "http://127.0.0.1:\(bound)"
        // The production default: the user comes from the shop's JWT, not from the body.
        let token = try await TokenMinter(secret: GateFixture.jwtSecret).token(user: "u-1")
        let enqueued = try await TestHTTP.request(
            "POST", "\(base)/enqueue", body: #"{"eventId":1001}"#,
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"])
        #expect(enqueued.status == 202)
        #expect(enqueued.json["userId"] as? String == "u-1")
        // /readyz and /metrics live on the ops port only.
        #expect(try await TestHTTP.request("GET", "\(base)/metrics").status == 404)
        let ops = "http://127.0.0.1:\(opsPort.withLock { $0 })"
        #expect(try await TestHTTP.request("GET", "\(ops)/readyz").status == 200)
        #expect(try await TestHTTP.request("GET", "\(ops)/metrics").text.contains("rediclaim_gate_http_requests_total"))
        let ticket = try #require(enqueued.json["ticket"] as? String)

        // The ticker releases the user and the producer delivers the request.
        let requests = try await TestKafka.readAll(topic: requestTopic, partitions: 1, atLeast: 1)
        let request = try MessageCodec().decode(IssueRequested.self, from: try #require(requests.first).value)
        #expect(request.userId == "u-1")

        // An issuer's result, consumed by the gate's result loop, becomes the user's status.
        let producer = try TestKafka.producer()
        let result = try IssueResult.issued(
            requestId: request.requestId, eventId: 1001, userId: "u-1", couponCode: "ABCDEF-GHJKMN-PQRSTV",
            expiresAt: Timestamps.epochMillis(now) + 86_400_000)
        _ = try await producer.send(
            KafkaOutgoingMessage(topic: resultTopic, key: Array(result.key.utf8), value: MessageCodec().encode(result)))
        await producer.close()
        var status = ""
        for _ in 0..<150 where status != "ISSUED" {
            try await Task.sleep(for: .milliseconds(100))
            let rank = try await TestHTTP.request(
                "GET", "\(base)/rank?eventId=1001&userId=u-1", headers: ["Authorization": "Bearer \(ticket)"])
            status = rank.json["status"] as? String ?? ""
        }
        #expect(status == "ISSUED")

        // SIGTERM's path: every service stops in order, and the group returns without an error.
        let stopping = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(ContinuousClock.now - stopping < .seconds(8))
        await #expect(throws: (any Error).self) { _ = try await TestHTTP.request("GET", "\(base)/healthz", timeout: 1) }

        await TestServers.deleteKeys(namespace: namespace, on: redis)
        await redis.shutdown()
    }
}
