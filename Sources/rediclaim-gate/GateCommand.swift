import ArgumentParser
import Logging
import RediclaimConfig
import RediclaimGate
import RediclaimKafka
import RediclaimOps
import RediclaimRedis
import RediclaimRuntime
import ServiceLifecycle

/// Entry point of `rediclaim-gate`.
@main
struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rediclaim-gate",
        abstract: "The waiting-room front door: enqueue, rank, release ticker into Kafka.",
        version: RediclaimVersion.current)

    @OptionGroup var config: ConfigOptions

    @Flag(help: "Serve HTTP only: no release ticker, no result consumer (for running extra read replicas)")
    var noTicker = false

    func run() async throws {
        let settings = try config.load()
        LoggingSetup.bootstrap(settings.log)
        let logger = Logger(label: "rediclaim.gate")
        let gateSettings = try GateSettings(settings)
        logger.info(
            "starting rediclaim-gate",
            metadata: [
                "version": "\(RediclaimVersion.current)", "librdkafka": "\(Kafka.librdkafkaVersion)",
                "listen": "\(gateSettings.host):\(gateSettings.port)", "redis": "\(settings.redis.url)",
                "kafka": "\(settings.kafka.brokers)",
            ])
        if Kafka.isOutdatedLibrdkafka {
            logger.warning("librdkafka \(Kafka.librdkafkaVersion) cannot talk to Tansu or newer brokers; use >= 2.1 (see README)")
        }
        let redis = RedisClient(configuration: try settings.redisConfiguration(), logger: logger)
        let producer = try KafkaProducer(configuration: settings.kafkaProducer(clientID: "rediclaim-gate"), logger: logger)
        let consumer =
            noTicker
            ? nil
            : try KafkaConsumer(
                configuration: settings.kafkaConsumer(group: gateSettings.resultGroup, clientID: "rediclaim-gate"),
                topics: [gateSettings.resultTopic], logger: logger)
        let admin = try KafkaAdmin(client: settings.kafkaClient(clientID: "rediclaim-gate-ready"), logger: logger)
        let gate = Gate(settings: gateSettings, redis: redis, logger: logger)
        let readiness = [
            ReadinessCheck("redis") { try await redis.ping() },
            ReadinessCheck("kafka") { _ = try await admin.listTopics(timeout: .seconds(2)) },
        ]
        let app = gate.buildApplication(
            producer: noTicker ? nil : producer, resultConsumer: consumer, readiness: readiness)
        var groupConfig = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfig.maximumGracefulShutdownDuration = .seconds(gateSettings.drainSeconds)
        try await ServiceGroup(configuration: groupConfig).run()
        // In-flight requests are answered and dispatches finished; now deliver what is still queued.
        try? await producer.flush(timeout: .seconds(5))
        await producer.close(timeout: .seconds(5))
        await admin.close()
        await redis.shutdown()
        logger.info("rediclaim-gate stopped")
    }
}
