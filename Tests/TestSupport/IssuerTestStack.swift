import Foundation
import Logging
import RediclaimConfig
import RediclaimCore
import RediclaimKafka
import RediclaimMySQL
import RediclaimStore
import Testing

/// One test's private slice of the shared stack: its own topics, group and database.
public struct IssuerTestStack: Sendable {
    public let requestTopic: String
    public let resultTopic: String
    public let dlqTopic: String
    public let resultDlqTopic: String
    public let group: String
    public let database: String
    public let partitions: Int
    public let mysqlPort: Int

    public static var kafka: KafkaClientConfiguration {
        KafkaClientConfiguration(brokers: TestStack.kafkaBrokers, clientID: "issuer-tests")
    }

    public static func logger(_ label: String, level: Logger.Level = .warning) -> Logger {
        var logger = Logger(label: "issuer-tests.\(label)")
        logger.logLevel = level
        return logger
    }

    /// Creates the topics (failing clearly when the broker is unreachable or librdkafka is too old).
    public static func make(database: String, partitions: Int = 4, mysqlPort: Int = TestStack.mysqlPort) async throws -> IssuerTestStack {
        try #require(
            !Kafka.isOutdatedLibrdkafka,
            "librdkafka \(Kafka.librdkafkaVersion) cannot talk to Tansu: run with LD_LIBRARY_PATH=<repo>/.run/lib")
        let base = uniqueName("iss")
        let stack = IssuerTestStack(
            requestTopic: "\(base)-req", resultTopic: "\(base)-res", dlqTopic: "\(base)-dlq", resultDlqTopic: "\(base)-rdlq", group: "\(base)-grp",
            database: database, partitions: partitions, mysqlPort: mysqlPort)
        let admin = try KafkaAdmin(client: kafka, logger: logger("admin"))
        do {
            for (topic, count) in [(stack.requestTopic, partitions), (stack.resultTopic, 3), (stack.dlqTopic, 1), (stack.resultDlqTopic, 1)] {
                try await admin.createTopic(topic, partitions: count, timeout: .seconds(10))
            }
            try await waitForTopics(admin, stack)
        } catch {
            await admin.close()
            Issue.record("Kafka broker at \(TestStack.kafkaBrokers) unreachable or refused CreateTopics: \(String(reflecting: error))")
            throw error
        }
        await admin.close()
        return stack
    }

    private static func waitForTopics(_ admin: KafkaAdmin, _ stack: IssuerTestStack) async throws {
        let wanted = [stack.requestTopic: stack.partitions, stack.resultTopic: 3, stack.dlqTopic: 1, stack.resultDlqTopic: 1]
        for _ in 0..<50 {
            let topics = try await admin.listTopics()
            let counts = Dictionary(topics.map { ($0.name, $0.partitionCount) }, uniquingKeysWith: { a, _ in a })
            if wanted.allSatisfy({ counts[$0.key] == $0.value }) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("topics never showed their partitions")
    }

    /// Best effort: the shared broker keeps topics in memory.
    public func dropTopics() async {
        guard let admin = try? KafkaAdmin(client: Self.kafka, logger: Self.logger("admin")) else { return }
        for topic in [requestTopic, resultTopic, dlqTopic, resultDlqTopic] { _ = try? await admin.deleteTopic(topic) }
        await admin.close()
    }

    /// `--set` style overrides pointing the issuer at this slice (fast retries, short session).
    public var settings: [String] {
        [
            "mysql.url=mysql://\(TestStack.mysqlUser)@\(TestStack.mysqlHost):\(mysqlPort)/\(database)",
            "mysql.password=\(TestStack.mysqlPassword)",
            "kafka.brokers=\(TestStack.kafkaBrokers)",
            "kafka.requestTopic=\(requestTopic)", "kafka.resultTopic=\(resultTopic)", "kafka.dlqTopic=\(dlqTopic)",
            "kafka.resultDlqTopic=\(resultDlqTopic)",
            "issuer.groupId=\(group)", "issuer.opsHost=127.0.0.1", "issuer.opsPort=0",
            "issuer.backoffBaseMs=50", "issuer.backoffMaxMs=1000", "issuer.maxAttempts=3",
            "kafka.sessionTimeoutMs=6000", "log.level=warning",
        ]
    }

    public func configuration(_ extra: [String] = []) throws -> RediclaimConfiguration {
        try RediclaimConfiguration(ConfigLoader.load(environment: [:], overrides: settings + extra))
    }

    /// An event with `stock`, open now.
    public static func createEvent(_ client: MySQLClient, id: Int64 = 1001, stock: Int64, validDays: Int = 7) async throws {
        let now = Date()
        let event = try Event(
            id: id, name: "issuer test \(id)", stock: stock, openAt: now.addingTimeInterval(-60),
            closeAt: now.addingTimeInterval(86_400), releaseRate: 1_000,
            coupon: try CouponPolicy(discount: .fixed(amount: 1_000), validDays: validDays))
        try await EventStore(client: client).create(event)
    }
}

extension IssuerTestStack {
    /// Waits until the group committed past `total` request messages (offsets start at 0, so the
    /// committed next offsets add up to the messages finished); returns that sum.
    public func waitForCommitted(_ total: Int, within deadline: Duration) async throws -> Int {
        let admin = try KafkaAdmin(client: Self.kafka, logger: Self.logger("admin"))
        let end = ContinuousClock.now + deadline
        var committed = 0
        while ContinuousClock.now < end {
            let offsets = (try? await admin.committedOffsets(group: group, topic: requestTopic, timeout: .seconds(5))) ?? [:]
            committed = Int(offsets.values.reduce(0, +))
            if committed >= total { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        await admin.close()
        return committed
    }

    /// Rows in `coupon_issue` so far (progress of a run).
    public static func rowCount(_ client: MySQLClient) async throws -> Int {
        try await client.query("SELECT COUNT(*) AS n FROM coupon_issue").first?.decode("n", as: Int.self) ?? 0
    }

    /// Waits until at least `count` rows exist.
    public static func waitForRows(_ client: MySQLClient, atLeast count: Int, within deadline: Duration) async throws -> Int {
        let end = ContinuousClock.now + deadline
        var rows = 0
        while ContinuousClock.now < end {
            rows = (try? await rowCount(client)) ?? rows
            if rows >= count { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return rows
    }
}
