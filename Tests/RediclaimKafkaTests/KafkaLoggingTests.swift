import TestSupport
import Logging
import RediclaimKafka
import Testing

@Suite("librdkafka logs reach swift-log", .timeLimit(.minutes(1)))
struct KafkaLoggingTests {
    @Test("debug lines and connection failures arrive with facility metadata and mapped levels")
    func logsReachHandler() async throws {
        try KafkaTestEnvironment.requireModernLibrdkafka()
        let store = CollectingLogHandler.Store()
        let logger = Logger(label: "kafka-log-test") { _ in CollectingLogHandler(store: store) }
        let port = try LocalPorts.free()
        var client = KafkaClientConfiguration(brokers: "127.0.0.1:\(port)", clientID: "log-test")
        client.debugContexts = ["broker"]
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: client, messageTimeout: .seconds(1)),
            logger: logger)
        let end = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < end, !store.all.contains(where: { $0.level == .error }) {
            try await Task.sleep(for: .milliseconds(100))
        }
        await producer.close(timeout: .milliseconds(100))

        let lines = store.all
        let fromLibrdkafka = lines.filter { $0.metadata["kafka.facility"] != nil }
        #expect(fromLibrdkafka.contains { $0.level == .debug }, "no debug line from the broker context")
        // "Connect to ... failed" is a librdkafka level-3 line: swift-log .error.
        #expect(fromLibrdkafka.contains { $0.level == .error && $0.message.contains("Connect") })
        #expect(fromLibrdkafka.allSatisfy { $0.metadata["kafka.client"]?.description.hasPrefix("log-test") == true })
    }
}
