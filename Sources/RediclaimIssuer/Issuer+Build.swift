import Hummingbird
import Logging
import Prometheus
import RediclaimConfig
import RediclaimKafka
import RediclaimMySQL
import RediclaimOps
import RediclaimRuntime
import ServiceLifecycle

/// A built issuer: the consume loop and the ops HTTP server, run together in one `ServiceGroup`.
public struct Issuer: Sendable {
    public let service: IssuerService
    public let ops: Application<RouterResponder<BasicRequestContext>>
    let logger: Logger

    /// The group to run: on graceful shutdown the consume loop stops first (finishing its batch),
    /// then the ops server, so `/metrics` answers until the end. SIGTERM and SIGINT start a
    /// graceful shutdown when `handlingSignals` (tests call `triggerGracefulShutdown()` instead).
    public func serviceGroup(handlingSignals: Bool = true) -> ServiceGroup {
        let services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: ops),
            .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup),
        ]
        return ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [],
                logger: logger))
    }

    /// Runs until SIGTERM/SIGINT (graceful) or a fatal error.
    public func run() async throws {
        try await serviceGroup().run()
    }
}

/// Builds the issuer from the shared configuration: MySQL pool, Kafka consumer (group
/// `issuer.groupId`), producer and admin client, metrics in `registry`, ops routes on
/// `issuer.opsHost:opsPort`. `onOpsRunning` hears the bound port (useful with port 0).
public func buildIssuer(
    configuration config: RediclaimConfiguration,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger,
    onOpsRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> Issuer {
    let settings = IssuerSettings(config)
    let clientID = "rediclaim-issuer"
    let mysql = try MySQLClient(configuration: try config.mysqlConfiguration(), logger: logger)
    var consumerConfig = config.kafkaConsumer(group: settings.groupID, clientID: clientID)
    consumerConfig.sessionTimeout = settings.sessionTimeout
    let admin: KafkaAdmin
    let producer: KafkaProducer
    let consumer: KafkaConsumer
    do {
        admin = try KafkaAdmin(client: config.kafkaClient(clientID: clientID), logger: logger)
        do {
            var producerConfig = config.kafkaProducer(clientID: clientID)
            // Whole batches are handed to librdkafka at once, so lingering would only delay them.
            producerConfig.linger = min(producerConfig.linger, .milliseconds(1))
            producer = try KafkaProducer(configuration: producerConfig, logger: logger)
        } catch {
            await admin.close()
            throw error
        }
        do {
            consumer = try KafkaConsumer(configuration: consumerConfig, topics: [settings.requestTopic], logger: logger)
        } catch {
            await producer.close()
            await admin.close()
            throw error
        }
    } catch {
        await mysql.close()
        throw error
    }
    let metrics = IssuerMetrics(registry: registry)
    let service = IssuerService(
        settings: settings, mysql: mysql, consumer: consumer, producer: producer, admin: admin, metrics: metrics,
        logger: logger)

    let router = Router()
    OpsRoutes.add(
        to: router, registry: registry,
        checks: [
            ReadinessCheck("mysql") { _ = try await mysql.query("SELECT 1 AS ok") },
            ReadinessCheck("kafka") { _ = try await admin.listTopics(timeout: .seconds(2)) },
        ])
    let ops = Application(
        router: router,
        configuration: ApplicationConfiguration(
            address: .hostname(config.issuer.opsHost, port: config.issuer.opsPort), serverName: "rediclaim-issuer"),
        onServerRunning: { channel in await onOpsRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
    return Issuer(service: service, ops: ops, logger: logger)
}
