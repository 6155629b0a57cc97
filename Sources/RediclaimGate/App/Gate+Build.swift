import Hummingbird
import Logging
import RediclaimKafka
import RediclaimOps
import ServiceLifecycle

extension Gate {
    /// The HTTP routes, the same in production and in tests.
    public func buildRouter(readiness: [ReadinessCheck] = []) -> Router<GateContext> {
        let router = Router(context: GateContext.self)
        router.add(middleware: ObservabilityMiddleware(metrics: metrics))
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

    /// The whole gate: HTTP server plus, when given, the release ticker and the result consumer.
    /// Graceful shutdown stops the server first (draining requests), then the ticker, then the consumer.
    public func buildApplication(
        producer: KafkaProducer?, resultConsumer: KafkaConsumer?, readiness: [ReadinessCheck] = []
    ) -> some ApplicationProtocol {
        var services: [any Service] = []
        if let resultConsumer { services.append(ResultConsumer(gate: self, consumer: resultConsumer)) }
        if let producer { services.append(ReleaseTicker(gate: self, producer: producer)) }
        return Application(
            router: buildRouter(readiness: readiness),
            // A spike opens thousands of connections at once; the default backlog of 256 drops them
            // (the kernel still caps it at net.core.somaxconn).
            configuration: .init(
                address: .hostname(settings.host, port: settings.port), serverName: "rediclaim-gate", backlog: 4_096),
            services: services,
            logger: logger)
    }
}
