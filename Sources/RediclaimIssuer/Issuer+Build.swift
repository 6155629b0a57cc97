import Hummingbird
import Logging
import Prometheus
import RediclaimConfig
import RediclaimKafka
import RediclaimMySQL
import RediclaimOps
import RediclaimRuntime
import ServiceLifecycle

/// What a caller may choose when building an issuer; production takes the defaults.
public struct IssuerBuildOptions: Sendable {
    /// Where the metrics go (tests read them directly).
    public var registry = PrometheusCollectorRegistry()
    /// SIGTERM and SIGINT start a graceful shutdown (tests call `triggerGracefulShutdown()` instead).
    public var handlesSignals = true
    /// Hears the ops server's bound port (useful with port 0).
    public var onOpsRunning: @Sendable (Int) async -> Void = { _ in }

    public init() {}
}

/// Builds the whole issuer as one `ServiceGroup`, the same for `rediclaim-issuer` and the tests:
/// the MySQL pool, Kafka admin, producer and consumer (group `issuer.groupId`), the ops server on
/// `issuer.opsHost:opsPort` and the consume loop. Services shut down in reverse order: the loop
/// finishes its batch and commits, the ops server stops (so `/metrics` answers until then), the
/// consumer leaves its group, the producer flushes, the admin client and the pool close.
public func buildIssuer(
    configuration config: RediclaimConfiguration, logger: Logger, options: IssuerBuildOptions = IssuerBuildOptions()
) throws -> ServiceGroup {
    let settings = IssuerSettings(config)
    let clientID = "rediclaim-issuer"
    let mysql = try MySQLClient(configuration: try config.mysqlConfiguration(), logger: logger)
    let admin = try KafkaAdmin(client: config.kafkaClient(clientID: clientID), logger: logger)
    var producerConfig = config.kafkaProducer(clientID: clientID)
    // Whole batches are handed to librdkafka at once, so lingering would only delay them.
    producerConfig.linger = min(producerConfig.linger, .milliseconds(1))
    let producer = try KafkaProducer(configuration: producerConfig, logger: logger)
    var consumerConfig = config.kafkaConsumer(group: settings.groupID, clientID: clientID)
    consumerConfig.sessionTimeout = settings.sessionTimeout
    let consumer = try KafkaConsumer(configuration: consumerConfig, topics: [settings.requestTopic], logger: logger)
    let metrics = IssuerMetrics(registry: options.registry)
    let service = IssuerService(
        settings: settings, mysql: mysql, consumer: consumer, producer: producer, admin: admin, metrics: metrics,
        logger: logger)

    let router = Router()
    OpsRoutes.add(
        to: router, registry: options.registry,
        checks: [
            ReadinessCheck("mysql") { _ = try await mysql.query("SELECT 1 AS ok") },
            ReadinessCheck("kafka") { _ = try await admin.listTopics(timeout: .seconds(2)) },
        ])
    let onOpsRunning = options.onOpsRunning
    let ops = Application(
        router: router,
        configuration: ApplicationConfiguration(
            address: .hostname(config.issuer.opsHost, port: config.issuer.opsPort), serverName: "rediclaim-issuer"),
        onServerRunning: { channel in await onOpsRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
    let services: [ServiceGroupConfiguration.ServiceConfiguration] = [
        .init(service: mysql), .init(service: admin), .init(service: producer), .init(service: consumer),
        .init(service: ops),
        // The loop ending (an error, or its graceful stop) ends the issuer.
        .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup),
    ]
    return ServiceGroup(
        configuration: ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: options.handlesSignals ? [.sigterm, .sigint] : [],
            logger: logger))
}
