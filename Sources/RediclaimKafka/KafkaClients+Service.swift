import ServiceLifecycle

extension KafkaProducer: Service {
    /// Delivers until graceful shutdown (or cancellation), then flushes what is queued (up to 10 s)
    /// and closes: no `close()` for a caller to forget.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}

extension KafkaConsumer: Service {
    /// Stays in its group until graceful shutdown (or cancellation), then leaves it cleanly. The task
    /// that polls is listed after the consumer in the group, so it has stopped by then.
    public func run() async throws {
        try? await gracefulShutdown()
        do {
            try await close()
        } catch {
            logger.warning("Kafka consumer did not leave its group cleanly", metadata: [KafkaLogKey.error: "\(error)"])
        }
    }
}

extension KafkaAdmin: Service {
    /// Answers admin requests until graceful shutdown (or cancellation), then closes.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
