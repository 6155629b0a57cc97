import ServiceLifecycle

extension RedisClient: Service {
    /// Serves callers until graceful shutdown (or cancellation), then closes every connection, so a
    /// `ServiceGroup` that lists the client before its users closes it after they stopped.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}
