import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import RediclaimConfig
import RediclaimKafka
import RediclaimMySQL
import RediclaimOps
import RediclaimRedis
import RediclaimRuntime
import RediclaimStore
import ServiceLifecycle

/// What a caller may choose when building a gate; production takes the defaults.
public struct GateBuildOptions: Sendable {
    /// Release ticker and result consumer; off for extra read-only replicas (`--no-ticker`).
    public var releases = true
    /// SIGTERM and SIGINT start a graceful shutdown (tests call `triggerGracefulShutdown()` instead).
    public var handlesSignals = true
    /// The gate's metrics (tests read them directly).
    public var metrics = GateMetrics()
    /// Hears the public HTTP server's bound port (useful with port 0).
    public var onServerRunning: @Sendable (Int) async -> Void = { _ in }
    /// Hears the ops server's bound port.
    public var onOpsRunning: @Sendable (Int) async -> Void = { _ in }
    /// Redis key prefix; tests use their own.
    public var redisNamespace = "rc"

    public init() {}
}

extension Gate {
    /// The public routes, the same in production and in tests.
    public func buildRouter() -> Router<GateContext> {
        let router = Router(context: GateContext.self)
        var routes = RouteTable()
        for (path, method) in [
            ("/enqueue", HTTPRequest.Method.post), ("/rank", .get), ("/admin/events/:id", .get), ("/admin/events/:id", .patch),
            ("/events/:id", .get), ("/healthz", .get), ("/", .get), ("/wait/:id", .get), ("/wait/assets/:file", .get),
        ] {
            routes.add(path, method)
        }
        if settings.page.devSignIn { routes.add("/dev/sign-in", .post) }
        // Outermost first: the request id and metrics see every answer, errors already in the contract's shape.
        router.add(middleware: ObservabilityMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(routes: routes, retryAfterSeconds: settings.unavailableRetryAfterSeconds))
        if !settings.corsOrigins.isEmpty { router.add(middleware: CORSMiddleware(origins: Set(settings.corsOrigins))) }
        router.add(middleware: ContentTypeMiddleware(routes: routes))
        let enqueue = EnqueueRoute(gate: self)
        let rank = RankRoute(gate: self)
        let admin = AdminRoutes(gate: self)
        router.post("/enqueue", use: enqueue.handle)
        router.get("/rank", use: rank.handle)
        router.get("/events/:id", use: EventInfoRoute(gate: self).handle)
        router.get("/admin/events/:id", use: admin.show)
        router.patch("/admin/events/:id", use: admin.patch)
        let page = PageRoutes(gate: self)
        router.get("/", use: page.index)
        router.get("/wait/:id", use: page.wait)
        router.get("/wait/assets/:file", use: page.asset)
        if settings.page.devSignIn { router.post("/dev/sign-in", use: DevSignInRoute(gate: self).handle) }
        OpsRoutes.addHealth(to: router)
        return router
    }

    /// The ops routes (`/healthz`, `/readyz`, `/metrics`), served on `gate.opsPort` only.
    public func buildOpsRouter(readiness: [ReadinessCheck]) -> Router<BasicRequestContext> {
        let router = Router()
        OpsRoutes.add(to: router, registry: metrics.registry, checks: readiness)
        return router
    }

    /// The public server exactly as production runs it: routes, connection limits and timeouts.
    public func publicApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: buildRouter(),
            server: .http1(configuration: httpConfiguration()),
            // A spike opens thousands of connections at once; the default backlog of 256 drops them
            // (the kernel still caps it at net.core.somaxconn). Past maxConnections, new ones wait there.
            configuration: .init(
                address: .hostname(settings.host, port: settings.port), serverName: "rediclaim-gate", backlog: 4_096,
                availableConnectionsDelegate: ConnectionCap(settings.maxConnections, logger: logger)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// The public server's HTTP/1 settings: idle keep-alives closed, slow requests cut off, headers bounded.
    func httpConfiguration() -> HTTP1Channel.Configuration {
        let requestTimeout = TimeAmount.seconds(Int64(settings.requestTimeoutSeconds))
        let idleTimeout = TimeAmount.seconds(Int64(settings.idleTimeoutSeconds))
        let metrics = self.metrics
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                RequestDeadlineHandler(requestTimeout: requestTimeout, idleTimeout: idleTimeout) { metrics.slowClientsCut.increment() }
            ],
            idleTimeout: idleTimeout,
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: settings.maxHeaderBytes, maxHeaderListSize: settings.maxHeaderBytes, maxHeaderFieldCount: 100))
    }
}

/// Builds the whole gate as one `ServiceGroup`, the same for `rediclaim-gate` and the tests: the Redis
/// client, the Kafka admin client, producer and result consumer, the result loop, the release ticker,
/// the ops server and the public HTTP server. Services shut down in reverse order: HTTP stops accepting
/// and drains, the ticker finishes its dispatches, the result loop stops, the producer flushes, the
/// consumer leaves its group, and the clients close.
public func buildGate(
    configuration config: RediclaimConfiguration, logger: Logger, options: GateBuildOptions = GateBuildOptions()
) async throws -> ServiceGroup {
    var settings = try GateSettings(config)
    settings.redisNamespace = options.redisNamespace
    let identity = try await IdentitySource.make(settings.identity, logger: logger)
    // A package without the page's files fails here, not on a visitor's first request.
    _ = try PageAssets.bundled.get()
    if settings.page.devSignIn {
        logger.warning(
            "gate.page.devSignIn=true: POST /dev/sign-in signs anyone in as a new guest; local demo only, never in production")
    }
    let redis = RedisClient(configuration: try config.redisConfiguration(), logger: logger)
    let mysql = try MySQLClient(configuration: try config.mysqlConfiguration(), logger: logger)
    let admin = try KafkaAdmin(client: config.kafkaClient(clientID: "rediclaim-gate-ready"), logger: logger)
    let stores = GateStores(client: mysql)
    let gate = Gate(settings: settings, redis: redis, identity: identity, stores: stores, metrics: options.metrics, logger: logger)
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
        .init(service: redis), .init(service: mysql), .init(service: admin),
        // Rebuilds any event whose Redis state was lost, from MySQL and the issuer's progress in Kafka.
        .init(
            service: RuntimeKeeper(
                gate: gate, stores: stores, recovery: RuntimeRecovery(redis: redis, namespace: settings.redisNamespace),
                rebuild: RuntimeRebuild(
                    redis: redis, namespace: settings.redisNamespace, mysql: mysql,
                    drain: .kafka(admin: admin, group: config.issuer.groupId, topic: config.kafka.requestTopic),
                    drainTimeout: .seconds(settings.recoveryDrainTimeoutSeconds),
                    token: "gate-" + String(UInt64.random(in: 0...UInt64.max), radix: 36), logger: logger))),
    ]
    if options.releases {
        let consumer = try KafkaConsumer(
            configuration: config.kafkaConsumer(group: settings.resultGroup, clientID: "rediclaim-gate"),
            topics: [settings.resultTopic], logger: logger)
        let producer = try KafkaProducer(configuration: config.kafkaProducer(clientID: "rediclaim-gate"), logger: logger)
        services += [
            .init(service: consumer), .init(service: producer),
            .init(
                service: ResultConsumer(
                    gate: gate, consumer: consumer, producer: producer, maxPollInterval: .milliseconds(config.kafka.maxPollIntervalMs))),
            .init(service: ReleaseTicker(gate: gate, producer: producer)),
        ]
    }
    services.append(.init(service: RateLimitSweeper(gate: gate)))
    let readiness = [
        ReadinessCheck("redis") { try await redis.ping() },
        ReadinessCheck("kafka") { _ = try await admin.listTopics(timeout: .seconds(2)) },
    ]
    let onOpsRunning = options.onOpsRunning
    let ops = Application(
        router: gate.buildOpsRouter(readiness: readiness),
        configuration: .init(address: .hostname(settings.opsHost, port: settings.opsPort), serverName: "rediclaim-gate-ops"),
        onServerRunning: { channel in await onOpsRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
    let app = gate.publicApplication(onServerRunning: options.onServerRunning)
    services += [.init(service: ops), .init(service: app)]
    logger.info(
        "gate identity", metadata: ["identity.mode": "\(settings.identity.modeName)", "gate.ops": "\(settings.opsHost):\(settings.opsPort)"])
    var group = ServiceGroupConfiguration(
        services: services, gracefulShutdownSignals: options.handlesSignals ? [.sigterm, .sigint] : [], logger: logger)
    group.maximumGracefulShutdownDuration = .seconds(settings.drainSeconds)
    return ServiceGroup(configuration: group)
}
