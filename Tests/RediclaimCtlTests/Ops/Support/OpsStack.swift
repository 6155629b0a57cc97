import Foundation
import RediclaimConfig
import RediclaimCore
import RediclaimGate
import RediclaimKafka
import RediclaimMySQL
import RediclaimRedis
import RediclaimStore
import TestSupport
import Testing

/// One ops scenario's own slice of the shared stack: a database, topics and groups, an event in the
/// default Redis namespace (as `rediclaimctl` sees it), the real `rediclaimctl`, and on demand an
/// in-process issuer and the gate's result consumer.
struct OpsStack: Sendable {
    let client: MySQLClient
    let topics: IssuerTestStack
    let fixture: CtlFixture
    let resultGroup: String

    var eventId: Int64 { fixture.eventId }

    var keys: RedisKeys { RedisKeys(eventId: eventId) }

    /// Runs `body` with a Redis client of its own.
    func withRedis<T>(_ body: (RedisClient) async throws -> T) async throws -> T {
        let redis = TestServers.redis()
        do {
            let result = try await body(redis)
            await redis.shutdown()
            return result
        } catch {
            await redis.shutdown()
            throw error
        }
    }

    /// Runs `body` with the waiting room (default namespace, as `rediclaimctl` uses).
    func withRoom<T>(_ body: (WaitingRoom) async throws -> T) async throws -> T {
        try await withRedis { try await body(WaitingRoom(redis: $0)) }
    }

    /// Runs `body` in a fresh stack, then removes the event's keys, the topics and the database.
    static func run(partitions: Int = 3, _ body: (OpsStack) async throws -> Void) async throws {
        try await TestServers.withDatabase { client, database in
            let topics = try await IssuerTestStack.make(database: database, partitions: partitions)
            let stack = OpsStack(
                client: client, topics: topics, fixture: CtlFixture(database: database), resultGroup: "\(topics.group)-gate")
            do {
                try await body(stack)
            } catch {
                await stack.cleanup()
                throw error
            }
            await stack.cleanup()
        }
    }

    func cleanup() async {
        await fixture.cleanup()
        await topics.dropTopics()
    }

    /// `rediclaimctl` with this stack's database, topics and groups.
    var environment: [String: String] {
        fixture.environment.merging([
            "REDICLAIM_KAFKA_REQUEST_TOPIC": topics.requestTopic, "REDICLAIM_KAFKA_RESULT_TOPIC": topics.resultTopic,
            "REDICLAIM_KAFKA_DLQ_TOPIC": topics.dlqTopic, "REDICLAIM_ISSUER_GROUP_ID": topics.group,
            "REDICLAIM_GATE_RESULT_GROUP": resultGroup,
        ]) { _, new in new }
    }

    func ctl(_ arguments: String...) async throws -> Executables.Result {
        try await Executables.run("rediclaimctl", arguments, environment: environment)
    }

    /// Runs `rediclaimctl ... --json` and parses stdout (an object).
    func json(_ arguments: String...) async throws -> (status: Int32, object: [String: Any], stderr: String) {
        let result = try await Executables.run("rediclaimctl", arguments + ["--json"], environment: environment)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (result.status, try #require(object, "not a JSON object (exit \(result.status)): \(result.stdout)\n\(result.stderr)"), result.stderr)
    }

    /// The event in MySQL and Redis through `rediclaimctl event apply`, hidden from other gates.
    func applyEvent(stock: Int = 100, rate: Int = 1_000) async throws {
        let applied = try await ctl("event", "apply", "-f", try fixture.eventsFile(stock: stock, rate: rate))
        try #require(applied.status == 0, "event apply failed: \(applied.stderr)")
        try await hideFromOtherGates()
    }

    /// Takes the event out of the shared Redis's event set: a gate someone runs on the shared stack
    /// would otherwise release this test's users into its own topics. Its ticker refreshes the set
    /// every second, so this waits a little longer than that.
    func hideFromOtherGates() async throws {
        _ = try await withRedis { try await $0.send("SREM", RedisKeys.events(), eventId) }
        try await Task.sleep(for: .milliseconds(1_200))
    }

    /// Settings of the in-process issuer: this stack's topics and group, quick retries.
    func issuerConfiguration(_ extra: [String] = []) throws -> RediclaimConfiguration {
        try topics.configuration(["issuer.maxAttempts=2", "issuer.backoffBaseMs=50", "issuer.backoffMaxMs=200"] + extra)
    }

    /// Makes the database refuse `user`'s coupon row, like a poison message would (until `cure`).
    func poison(_ user: String) async throws {
        try await client.simpleQuery(
            """
            CREATE TRIGGER ops_poison BEFORE INSERT ON coupon_issue FOR EACH ROW
            BEGIN IF NEW.user_id = '\(user)' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test'; END IF; END
            """)
    }

    func cure() async throws {
        try await client.simpleQuery("DROP TRIGGER IF EXISTS ops_poison")
    }
}

extension OpsStack {
    /// Enqueues `users` and ticks the release script until they are all out (as the gate's ticker does).
    func enqueueAndRelease(_ users: [String]) async throws -> [ReleasedUser] {
        let released = try await withRoom { room in
            for user in users { _ = try await room.enqueue(eventId: eventId, userId: user) }
            var released: [ReleasedUser] = []
            for _ in 0..<200 where released.count < users.count {
                released += try await room.release(eventId: eventId, tickMs: 1_000, maxBatch: 1_000).released
                try await Task.sleep(for: .milliseconds(20))
            }
            return released
        }
        try #require(released.count == users.count, "released \(released.count) of \(users.count)")
        return released
    }

    /// Publishes one request per released user, as the gate's dispatcher does, then clears their pending
    /// entries; users in `dropping` are acknowledged without a message (a request lost on the way).
    func dispatch(_ users: [ReleasedUser], dropping: Set<String> = []) async throws {
        let messages = try users.filter { !dropping.contains($0.userId) }.map { user in
            let request = try IssueRequested(
                eventId: eventId, userId: user.userId, seq: user.score.seq, releasedAt: user.releasedAtMs)
            return KafkaOutgoingMessage(
                topic: topics.requestTopic, key: Array(request.key.utf8), value: Array(MessageCodec().encode(request)))
        }
        try await publish(messages)
        try await withRoom { try await $0.acknowledge(eventId: eventId, userIds: users.map(\.userId)) }
    }

    func publish(_ messages: [KafkaOutgoingMessage]) async throws {
        let producer = try TestKafka.producer()
        let failed = await producer.sendAll(messages).filter { if case .failure = $0 { true } else { false } }.count
        await producer.close()
        try #require(failed == 0, "\(failed) messages not delivered")
    }

    /// Waits until every one of `users` has a final status in Redis; returns the records.
    @discardableResult
    func waitForFinal(_ users: [String], within deadline: Duration = .seconds(60)) async throws -> [String: UserRecord] {
        let end = ContinuousClock.now + deadline
        var records: [String: UserRecord] = [:]
        while ContinuousClock.now < end {
            records = try await withRoom { try await $0.records(eventId: eventId, userIds: users) }
            if users.allSatisfy({ records[$0].map(Self.isFinal) ?? false }) { return records }
            try await Task.sleep(for: .milliseconds(200))
        }
        let missing = users.filter { !(records[$0].map(Self.isFinal) ?? false) }
        Issue.record("no final status within \(deadline) for \(missing.prefix(5))")
        return records
    }

    static func isFinal(_ record: UserRecord) -> Bool {
        switch record {
        case .issued, .soldOut: true
        case .released: false
        }
    }

    /// Waits until the DLQ topic holds at least `count` messages.
    func waitForDeadLetters(_ count: Int, within deadline: Duration = .seconds(60)) async throws -> [KafkaMessage] {
        let messages = try await TestKafka.readAll(topic: topics.dlqTopic, partitions: 1, atLeast: count, timeout: deadline)
        try #require(messages.count >= count, "\(messages.count) dead letters, expected \(count)")
        return messages
    }
}
