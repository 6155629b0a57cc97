import ServiceLifecycle

extension MySQLClient: Service {
    /// Serves leases until graceful shutdown (or cancellation), then closes the pool once every
    /// leased connection was given back.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
