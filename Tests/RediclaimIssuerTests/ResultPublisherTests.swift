import Foundation
import Prometheus
import RediclaimConfig
import RediclaimCore
import RediclaimKafka
import RediclaimMySQL
import RediclaimStore
import TestSupport
import Testing

@testable import RediclaimIssuer

@Suite("Result publisher with the broker unreachable", .timeLimit(.minutes(1)))
struct ResultPublisherTests {
    /// Results that cannot be delivered are retried with backoff, never followed by an offset
    /// commit; shutdown gives the batch up (it will be redelivered).
    @Test("undeliverable results are retried and never let offsets be committed")
    func brokerDown() async throws {
        let port = try LocalPorts.free()  // nothing listens there
        let client = KafkaClientConfiguration(bootstrapServers: ["127.0.0.1:\(port)"], clientID: "publisher-test")
        let logger = IssuerTestStack.logger("publisher", level: .critical)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: client, messageTimeout: .milliseconds(300)), logger: logger)
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: client, groupID: "publisher-test"), topics: ["t"],
            logger: logger)
        let registry = PrometheusCollectorRegistry()
        let metrics = IssuerMetrics(registry: registry)
        let value = { (name: String) in InProcessIssuer.metric(name, in: registry) }
        let stop = StopFlag()
        var config = RediclaimConfiguration()
        config.kafka.requestTopic = "t"
        config.kafka.resultTopic = "r"
        config.issuer.groupId = "publisher-test"
        config.issuer.backoffBaseMs = 20
        config.issuer.backoffMaxMs = 50
        let settings = IssuerSettings(config)
        // No dead letters here, so MySQL is never asked.
        let mysql = try MySQLClient(configuration: TestServers.mysqlConfiguration(database: nil), logger: logger)
        let publisher = ResultPublisher(
            producer: producer, consumer: consumer, outcomes: IssueOutcomes(client: mysql), settings: settings, metrics: metrics,
            stop: stop, logger: logger)
        let message = KafkaMessage(topic: "t", partition: 0, offset: 7, key: nil, value: [])
        let request = try IssueRequested(eventId: 1, userId: "u", seq: 1, releasedAt: 1)
        var batch = ProcessedBatch(commits: KafkaOffsetCommit.after([message]), messageCount: 1)
        batch.answers = [.init(message: message, request: request, outcome: .soldOut)]

        let finishing = Task { try await publisher.finish(batch) }
        // Wait for two failed rounds rather than a fixed time: the suite shares two cores with others.
        let deadline = ContinuousClock.now + .seconds(30)
        while value("rediclaim_issuer_retries_total") < 2 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        stop.stop()
        let outcome = await finishing.result
        #expect(throws: IssuerError.self) { try outcome.get() }
        #expect(value("rediclaim_issuer_retries_total") >= 2, "each failed delivery round is retried after a backoff")
        #expect(value("rediclaim_issuer_batches_total") == 0 && value("rediclaim_issuer_consumed_total") == 0)
        await producer.close(timeout: .milliseconds(100))
        try? await consumer.close()
        await mysql.close()
    }
}
