@testable import RediclaimKafka
import Testing

@Suite("Kafka configuration and errors (no broker)")
struct KafkaConfigurationTests {
    let client = KafkaClientConfiguration(brokers: " 127.0.0.1:9093, 10.0.0.2:9092 ,", clientID: "unit")

    @Test("broker lists are parsed and joined")
    func brokers() {
        #expect(client.bootstrapServers == ["127.0.0.1:9093", "10.0.0.2:9092"])
        #expect(client.librdkafkaOptions["bootstrap.servers"] == "127.0.0.1:9093,10.0.0.2:9092")
    }

    @Test("producer options: idempotent acks=all cannot be switched off by extra options")
    func producerOptions() {
        var client = self.client
        client.extraOptions = ["enable.idempotence": "false", "acks": "1", "batch.num.messages": "500"]
        let options = KafkaProducerConfiguration(
            client: client, compression: .zstd, linger: .milliseconds(7),
            messageTimeout: .milliseconds(2500)
        ).librdkafkaOptions
        #expect(options["enable.idempotence"] == "true")
        #expect(options["acks"] == "all")
        #expect(options["compression.codec"] == "zstd")
        #expect(options["linger.ms"] == "7")
        #expect(options["message.timeout.ms"] == "2500")
        #expect(options["batch.num.messages"] == "500")
    }

    @Test("consumer options: manual commits only, strategy and reset translated")
    func consumerOptions() {
        var client = self.client
        client.extraOptions = ["enable.auto.commit": "true", "fetch.wait.max.ms": "50"]
        let options = KafkaConsumerConfiguration(
            client: client, groupID: "g", autoOffsetReset: .latest, assignmentStrategy: .range
        ).librdkafkaOptions
        #expect(options["enable.auto.commit"] == "false")
        #expect(options["enable.auto.offset.store"] == "false")
        #expect(options["group.id"] == "g")
        #expect(options["auto.offset.reset"] == "latest")
        #expect(options["partition.assignment.strategy"] == "range")
        #expect(options["fetch.wait.max.ms"] == "50")
        #expect(KafkaConsumerConfiguration(client: client, groupID: "g")
            .librdkafkaOptions["partition.assignment.strategy"] == "cooperative-sticky")
    }

    @Test("an unknown option fails client creation with .invalidConfiguration")
    func invalidOption() {
        var client = self.client
        client.extraOptions = ["no.such.option": "1"]
        do {
            _ = try KafkaProducer(
                configuration: KafkaProducerConfiguration(client: client),
                logger: KafkaTestEnvironment.logger("unit"))
            Issue.record("producer accepted an unknown option")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("no.such.option"))
            #expect(error.underlying != nil)
        }
    }

    @Test("offsets to commit are one past the highest message per partition")
    func commitOffsets() {
        let messages = [
            KafkaMessage(topic: "t", partition: 1, offset: 7, key: nil, value: []),
            KafkaMessage(topic: "t", partition: 0, offset: 3, key: nil, value: []),
            KafkaMessage(topic: "t", partition: 1, offset: 5, key: nil, value: []),
        ]
        #expect(KafkaOffsetCommit.after(messages) == [
            KafkaOffsetCommit(topic: "t", partition: 0, nextOffset: 4),
            KafkaOffsetCommit(topic: "t", partition: 1, nextOffset: 8),
        ])
    }

    @Test("durations become whole milliseconds")
    func milliseconds() {
        #expect(Duration.milliseconds(1500).milliseconds() == 1500)
        #expect(Duration.microseconds(10).milliseconds(minimum: 1) == 1)
        #expect(Duration.seconds(2).milliseconds() == 2000)
    }
}
