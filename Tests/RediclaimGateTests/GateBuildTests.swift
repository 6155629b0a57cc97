import Foundation
import Glibc
import Logging
import RediclaimConfig
import RediclaimCore
import RediclaimGate
import RediclaimIdentity
import RediclaimKafka
import RediclaimMySQL
import RediclaimRedis
import RediclaimStore
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// The gate exactly as `rediclaim-gate` builds it (`buildGate`), on the local stack with a private database,
/// private topics and a private Redis key namespace: HTTP, ticker, producer, result consumer, runtime keeper.
struct RunningGate: Sendable {
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let base: String
    let ops: String
    let namespace: String
    let requestTopic: String
    let resultTopic: String

    static func start(database: String, redisURL: String = TestStack.redisURL, overrides: [String] = []) async throws -> RunningGate {
        let requestTopic = try await TestKafka.topic("req", partitions: 1)
        let resultTopic = try await TestKafka.topic("res", partitions: 1)
        let namespace = TestServers.redisNamespace()
        let config = try RediclaimConfiguration(
            ConfigLoader.load(
                environment: [:],
                overrides: [
                    "redis.url=\(redisURL)",
                    "mysql.url=mysql://\(TestStack.mysqlUser)@\(TestStack.mysqlHost):\(TestStack.mysqlPort)/\(database)",
                    "mysql.password=\(TestStack.mysqlPassword)",
                    "kafka.brokers=\(TestStack.kafkaBrokers)", "kafka.requestTopic=\(requestTopic)",
                    "kafka.resultTopic=\(resultTopic)", "kafka.sessionTimeoutMs=6000", "issuer.groupId=\(uniqueName("issuer"))",
                    "gate.host=127.0.0.1", "gate.port=0", "gate.ticketSecret=\(String(repeating: "s", count: 40))",
                    "gate.resultGroup=\(uniqueName("g"))", "gate.drainSeconds=5",
                    "gate.rateLimit.ipPerSecond=0", "gate.rateLimit.userPerSecond=0", "gate.opsHost=127.0.0.1", "gate.opsPort=0",
                    "gate.identity.jwtSecret=\(GateFixture.jwtSecret)",
                ] + overrides))
        let port = Mutex(0)
        let opsPort = Mutex(0)
        var options = GateBuildOptions()
        options.handlesSignals = false
        options.redisNamespace = namespace
        options.onServerRunning = { bound in port.withLock { $0 = bound } }
        options.onOpsRunning = { bound in opsPort.withLock { $0 = bound } }
        let group = try await buildGate(configuration: config, logger: TestServers.logger, options: options)
        let task = Task { try await group.run() }
        var bound = (0, 0)
        for _ in 0..<200 where bound.0 == 0 || bound.1 == 0 {
            try await Task.sleep(for: .milliseconds(50))
            bound = (port.withLock { $0 }, opsPort.withLock { $0 })
        }
        try #require(bound.0 > 0 && bound.1 > 0, "the gate did not start")
        return RunningGate(
            group: group, task: task, base: "http://127.0.0.1:\(bound.0)", ops: "http://127.0.0.1:\(bound.1)", namespace: namespace,
            requestTopic: requestTopic, resultTopic: resultTopic)
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    func enqueue(_ user: String, event: Int64 = 1001) async throws -> TestHTTP.Answer {
        let token = try await TokenMinter(secret: GateFixture.jwtSecret).token(user: user)
        return try await TestHTTP.request(
            "POST", "\(base)/enqueue", body: #"{"eventId":\#(event)}"#,
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"])
    }

    func rank(_ user: String, ticket: String, event: Int64 = 1001) async throws -> TestHTTP.Answer {
        try await TestHTTP.request("GET", "\(base)/rank?eventId=\(event)&userId=\(user)", headers: ["Authorization": "Bearer \(ticket)"])
    }

    /// An event in MySQL and, as `rediclaimctl event create` does, in Redis.
    static func createEvent(
        _ client: MySQLClient, namespace: String, stock: Int64 = 10, rate: Int = 100, redis: RedisClient = TestServers.redis()
    ) async throws {
        let now = Date()
        let event = try Event(
            id: 1001, name: "build test", stock: stock, openAt: now.addingTimeInterval(-60), closeAt: now.addingTimeInterval(3_600),
            releaseRate: rate, coupon: try CouponPolicy(discount: .fixed(amount: 100), validDays: 1))
        let store = EventStore(client: client)
        try await store.create(event)
        try await EventRuntimeStore(redis: redis, namespace: namespace).publish(try await store.get(1001), fresh: true)
        await redis.shutdown()
    }

    /// Sends `result` to the result topic (or raw bytes, for a result nobody can decode).
    func publishResult(_ value: [UInt8], key: String) async throws {
        let producer = try TestKafka.producer()
        _ = try await producer.send(KafkaOutgoingMessage(topic: resultTopic, key: Array(key.utf8), value: value))
        await producer.close()
    }

    /// Polls /rank until the user's status is `status` (at most `within`); the last answer.
    func waitForStatus(_ user: String, ticket: String, _ status: String, within: Duration = .seconds(15)) async throws -> TestHTTP.Answer {
        var answer = try await rank(user, ticket: ticket)
        let deadline = ContinuousClock.now + within
        while answer.json["status"] as? String != status, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            answer = try await rank(user, ticket: ticket)
        }
        return answer
    }

    /// Deletes every key of the gate's namespace: Redis "lost everything" for this gate.
    func wipeRedis() async throws {
        let redis = TestServers.redis()
        await TestServers.deleteKeys(namespace: namespace, on: redis)
        await redis.shutdown()
    }
}

@Suite("The production gate wiring (Redis, MariaDB and Tansu)", .timeLimit(.minutes(3)))
struct GateBuildTests {
    @Test("enqueue over HTTP, a release reaches Kafka, a result reaches /rank, then a clean shutdown")
    func wholeGate() async throws {
        try await TestServers.withDatabase { client, database in
            let gate = try await RunningGate.start(database: database)
            try await RunningGate.createEvent(client, namespace: gate.namespace)
            // The production default: the user comes from the shop's JWT, not from the body.
            let enqueued = try await gate.enqueue("u-1")
            #expect(enqueued.status == 202)
            #expect(enqueued.json["userId"] as? String == "u-1")
            let ticket = try #require(enqueued.json["ticket"] as? String)
            // /readyz and /metrics live on the ops port only.
            #expect(try await TestHTTP.request("GET", "\(gate.base)/metrics").status == 404)
            #expect(try await TestHTTP.request("GET", "\(gate.ops)/readyz").status == 200)
            #expect(try await TestHTTP.request("GET", "\(gate.ops)/metrics").text.contains("rediclaim_gate_http_requests_total"))

            // The ticker releases the user and the producer delivers the request.
            let requests = try await TestKafka.readAll(topic: gate.requestTopic, partitions: 1, atLeast: 1)
            let request = try MessageCodec().decode(IssueRequested.self, from: try #require(requests.first).value)
            #expect(request.userId == "u-1")
            #expect(request.epoch == 0)

            // An issuer's result, consumed by the gate's result loop, becomes the user's status.
            let producer = try TestKafka.producer()
            let result = try IssueResult.issued(
                requestId: request.requestId, eventId: 1001, userId: "u-1", couponCode: "ABCDEF-GHJKMN-PQRSTV",
                expiresAt: Timestamps.epochMillis(Date()) + 86_400_000)
            _ = try await producer.send(
                KafkaOutgoingMessage(topic: gate.resultTopic, key: Array(result.key.utf8), value: MessageCodec().encode(result)))
            await producer.close()
            var status = ""
            for _ in 0..<150 where status != "ISSUED" {
                try await Task.sleep(for: .milliseconds(100))
                status = try await gate.rank("u-1", ticket: ticket).json["status"] as? String ?? ""
            }
            #expect(status == "ISSUED")

            // SIGTERM's path: every service stops in order, and the group returns without an error.
            let stopping = ContinuousClock.now
            try await gate.stop()
            #expect(ContinuousClock.now - stopping < .seconds(8))
            await #expect(throws: (any Error).self) { _ = try await TestHTTP.request("GET", "\(gate.base)/healthz", timeout: 1) }
            try await gate.wipeRedis()
        }
    }

    @Test(
        "Redis frozen for twice max.poll.interval: /rank says 503 UNAVAILABLE with a body and Retry-After; the result consumer keeps its group, applies the held result and the next ones; an undecodable result goes to the result DLQ"
    )
    func resultPathSurvivesRedisOutage() async throws {
        let server = try await PrivateRedis()
        try await TestServers.withDatabase { client, database in
            let dlq = try await TestKafka.topic("rdlq", partitions: 1)
            let gate = try await RunningGate.start(
                database: database, redisURL: "redis://\(TestStack.redisHost):\(server.port)/0",
                overrides: ["kafka.maxPollIntervalMs=6000", "kafka.resultDlqTopic=\(dlq)", "redis.commandTimeoutMs=500"])
            let redis = RedisClient(configuration: RedisConfiguration(host: TestStack.redisHost, port: server.port), logger: TestServers.logger)
            try await RunningGate.createEvent(client, namespace: gate.namespace, redis: redis)
            await redis.shutdown()
            var tickets: [String: String] = [:]
            for user in ["u-1", "u-2", "u-3"] { tickets[user] = try #require(try await gate.enqueue(user).json["ticket"] as? String) }
            let requests = try await TestKafka.readAll(topic: gate.requestTopic, partitions: 1, atLeast: 3)
            let byUser = try Dictionary(
                uniqueKeysWithValues: requests.map { m in
                    let request = try MessageCodec().decode(IssueRequested.self, from: m.value)
                    return (request.userId, request)
                })
            func issued(_ user: String) throws -> [UInt8] {
                let request = try #require(byUser[user])
                return MessageCodec().encode(
                    try IssueResult.issued(
                        requestId: request.requestId, eventId: 1001, userId: user, couponCode: "CODE\(user.suffix(1))-AAAAAA-BBBBBB",
                        expiresAt: Timestamps.epochMillis(Date()) + 86_400_000))
            }

            try await gate.publishResult(Array("{garbage".utf8), key: "1001:u-x")
            try await gate.publishResult(try issued("u-1"), key: "1001:u-1")
            #expect(try await gate.waitForStatus("u-1", ticket: try #require(tickets["u-1"]), "ISSUED").json["status"] as? String == "ISSUED")
            let letters = try await TestKafka.readAll(topic: dlq, partitions: 1, atLeast: 1)
            let letter = try DeadLetter.decode(try #require(letters.first).value)
            #expect(letter.errorCode == "undecodable" && letter.value == "{garbage" && letter.topic == gate.resultTopic)

            server.send(signal: SIGSTOP)
            try await gate.publishResult(try issued("u-2"), key: "1001:u-2")
            let down = try await gate.rank("u-2", ticket: try #require(tickets["u-2"]))
            #expect(down.status == 503 && down.errorCode == "UNAVAILABLE" && down.headers["retry-after"] != nil, "\(down.status) \(down.text)")
            try await Task.sleep(for: .seconds(13))
            server.send(signal: SIGCONT)
            let after = try await gate.waitForStatus("u-2", ticket: try #require(tickets["u-2"]), "ISSUED", within: .seconds(30))
            #expect(after.json["status"] as? String == "ISSUED", "\(after.text)")
            // Not wedged: a consumer that stopped polling would be evicted and retry its commit forever.
            try await gate.publishResult(try issued("u-3"), key: "1001:u-3")
            let next = try await gate.waitForStatus("u-3", ticket: try #require(tickets["u-3"]), "ISSUED", within: .seconds(30))
            #expect(next.json["status"] as? String == "ISSUED", "\(next.text)")
            let metrics = try await TestHTTP.request("GET", "\(gate.ops)/metrics").text
            #expect(metrics.contains("rediclaim_gate_results_undecodable_total 1"))
            #expect(!metrics.contains("rediclaim_gate_result_retries_total 0"), "the frozen Redis made the batch retry")
            try await gate.stop()
        }
        await server.stop()
    }

    @Test("Redis loses the event: the gate rebuilds it from MySQL by itself, coupon holders see ISSUED again")
    func selfHealing() async throws {
        try await TestServers.withDatabase { client, database in
            let gate = try await RunningGate.start(database: database)
            try await RunningGate.createEvent(client, namespace: gate.namespace)
            // A coupon row in MySQL, as if the issuer had written it for u-1 before Redis lost everything.
            try await client.execute(
                """
                INSERT INTO coupon_issue (event_id, user_id, coupon_code, request_id, issued_at, expires_at)
                VALUES (1001, 'u-1', 'KEEPME-KEEPME-KEEPME', '1001:u-1', NOW(3), NOW(3) + INTERVAL 1 DAY)
                """)
            try await client.execute("UPDATE coupon_event SET issued_count = 1 WHERE id = 1001")
            let before = try await gate.enqueue("u-1")
            let ticket = try #require(before.json["ticket"] as? String)
            try await gate.wipeRedis()

            // Within seconds, with no operator step: the event answers again, and u-1 holds their coupon.
            var answer = try await gate.rank("u-1", ticket: ticket)
            for _ in 0..<100 where answer.json["status"] as? String != "ISSUED" {
                try await Task.sleep(for: .milliseconds(100))
                answer = try await gate.rank("u-1", ticket: ticket)
            }
            #expect(answer.json["status"] as? String == "ISSUED")
            #expect((answer.json["coupon"] as? [String: Any])?["code"] as? String == "KEEPME-KEEPME-KEEPME")
            let newcomer = try await gate.enqueue("u-2")
            #expect(newcomer.status == 202)
            // The released counter counts the coupon already issued: 9 of 10 places are left, not 10.
            let redis = TestServers.redis()
            let released = try await redis.send("HGET", RedisKeys(eventId: 1001, namespace: gate.namespace).counters, "released")
            await redis.shutdown()
            #expect((released.int ?? 0) >= 1)
            try await gate.stop()
            try await gate.wipeRedis()
        }
    }
}
