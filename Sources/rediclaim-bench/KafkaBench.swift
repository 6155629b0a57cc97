import ArgumentParser
import Logging
import RediclaimKafka

/// `rediclaim-bench kafka`: the producer's rate with delivery reports (`sendAll`), as one JSON object.
struct KafkaBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Produces N messages with KafkaProducer.sendAll (acks=all, idempotent) and prints the rate.")

    @Option(help: "Bootstrap brokers, host:port[,host:port].")
    var brokers = "127.0.0.1:9093"

    @Option(help: "Topic to produce to (create it first to control the partition count).")
    var topic: String

    @Option(help: "Number of messages.")
    var messages = 100_000

    @Option(help: "Value size in bytes.")
    var size = 100

    @Option(help: "linger.ms for batching.")
    var lingerMs = 5

    @Option(help: "Compression codec: none, gzip, snappy, lz4, zstd.")
    var compression = "none"

    func validate() throws {
        guard messages > 0, size >= 0 else { throw ValidationError("--messages must be > 0 and --size >= 0") }
        guard KafkaCompression(rawValue: compression) != nil else {
            throw ValidationError("unknown --compression \(compression)")
        }
    }

    func run() async throws {
        var logger = Logger(label: "rediclaim-bench.kafka")
        logger.logLevel = .error
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                client: KafkaClientConfiguration(brokers: brokers, clientID: "rediclaim-bench"),
                compression: KafkaCompression(rawValue: compression) ?? .none,
                linger: .milliseconds(lingerMs),
                messageTimeout: .seconds(60)),
            logger: logger)

        // Warm-up outside the timing: connection, metadata and the idempotent producer id.
        _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: nil, value: [0x77]))

        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        let outgoing = [KafkaOutgoingMessage](
            repeating: KafkaOutgoingMessage(topic: topic, key: nil, value: payload), count: messages)
        let start = ContinuousClock.now
        let results = await producer.sendAll(outgoing)
        let elapsed = ContinuousClock.now - start
        await producer.close()

        let failed = results.count { if case .failure = $0 { true } else { false } }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(messages - failed) / max(seconds, 1e-9)
        print(
            """
            {"bridge":"kafka","metric":"messages/s","rate":\(Int(rate.rounded())),\
            "messages":\(messages),"size":\(size),"failed":\(failed),\
            "seconds":\((seconds * 1000).rounded() / 1000),"acks":"all","idempotence":true,\
            "linger_ms":\(lingerMs),"compression":"\(compression)",\
            "librdkafka":"\(Kafka.librdkafkaVersion)"}
            """)
        if failed > 0 { throw ExitCode(2) }
    }
}
