import HTTPTypes
import Hummingbird
import Logging
import RediclaimConfig
import RediclaimKafka
import RediclaimOps
import RediclaimRedis
import RediclaimRuntime
import ServiceLifecycle

/// What a caller may choose when building a gate; production takes the defaults.
public struct GateBuildOptions: Sendable {
    /// Release ticker and result consumer; off for extra read-only replicas (`--no-ticker`).
    public var releases = true
    /// SIGTERM and SIGINT start a graceful shutdown (tests call `triggerGracefulShutdown()` instead).
    public var handlesSignals = true
    /// The gate's metrics (tests read them directly).
    public var metrics = GateMetrics()
    /// Hears the HTTP server's bound port (useful with port 0).
    public var onServerRunning: @Sendable (Int) async -> Void = { _ in }
    /// Redis key prefix; tests use their own.
    public var redisNamespace = "rc"

    public init() {}
}

extension Gate {
    /// The HTTP routes, the same in production and in tests.
    public func buildRouter(readiness: [ReadinessCheck] = []) -> Router<GateContext> {
        let router = Router(context: GateContext.self)
        var routes = RouteTable()
        for (path, method) in [
            ("/enqueue", HTTPRequest.Method.post), ("/rank", .get), ("/admin/events/:id", .get), ("/admin/events/:id", .patch),
            ("/healthz", .get), ("/readyz", .get), ("/metrics", .get),
        ] {
            routes.add(path, method)
        }
        // Outermost first: the request id and metrics see every answer, errors already in the contract's shape.
        router.add(middleware: ObservabilityMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(routes: routes, retryAfterSeconds: settings.unavailableRetryAfterSeconds))
        let enqueue = EnqueueRoute(gate: self)
        let rank = RankRoute(gate: self)
        let admin = AdminRoutes(gate: self)
        router.post("/enqueue", use: enqueue.handle)
        router.get("/rank", use: rank.handle)
        router.get("/admin/events/:id", use: admin.show)
        router.patch("/admin/events/:id", use: admin.patch)
        OpsRoutes.add(to: router, registry: metrics.registry, checks: readiness)
        return router
    }
}

/// Builds the whole gate as one `ServiceGroup`, the same for `rediclaim-gate` and the tests: the Redis
/// client, the Kafka admin client, producer and result consumer, the result loop, the release ticker
/// and the HTTP server. Services shut down in reverse order: HTTP stops accepting and drains, the
/// ticker finishes its dispatches, the result loop stops, the producer flushes, the consumer leaves
/// its group, and the clients close.
public func buildGate(
    configuration config: RediclaimConfiguration, logger: Logger, options: GateBuildOptions = GateBuildOptions()
) throws -> ServiceGroup {
    var settings = try GateSettings(config)
    settings.redisNamespace = options.redisNamespace
    let redis = RedisClient(configuration: try config.redisConfiguration(), logger: logger)
    let admin = try KafkaAdmin(client: config.kafkaClient(clientID: "rediclaim-gate-ready"), logger: logger)
    let gate = Gate(settings: settings, redis: redis, metrics: options.metrics, logger: logger)
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: redis), .init(service: admin)]
    if options.releases {
        let consumer = try KafkaConsumer(
            configuration: config.kafkaConsumer(group: settings.resultGroup, clientID: "rediclaim-gate"),
            topics: [settings.resultTopic], logger: logger)
        let producer = try KafkaProducer(configuration: config.kafkaProducer(clientID: "rediclaim-gate"), logger: logger)
        services += [
            .init(service: consumer), .init(service: producer),
            .init(service: ResultConsumer(gate: gate, consumer: consumer)),
            .init(service: ReleaseTicker(gate: gate, producer: producer)),
        ]
    }
    let readiness = [
        ReadinessCheck("redis") { try await redis.ping() },
        ReadinessCheck("kafka") { _ = try await admin.listTopics(timeout: .seconds(2)) },
    ]
    let onServerRunning = options.onServerRunning
    let app = Application(
        router: gate.buildRouter(readiness: readiness),
        // A spike opens thousands of connections at once; the default backlog of 256 drops them
        // (the kernel still caps it at net.core.somaxconn).
        configuration: .init(
            address: .hostname(settings.host, port: settings.port), serverName: "rediclaim-gate", backlog: 4_096),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
    services.append(.init(service: app))
    var group = ServiceGroupConfiguration(
        services: services, gracefulShutdownSignals: options.handlesSignals ? [.sigterm, .sigint] : [], logger: logger)
    group.maximumGracefulShutdownDuration = .seconds(settings.drainSeconds)
    return ServiceGroup(configuration: group)
}
