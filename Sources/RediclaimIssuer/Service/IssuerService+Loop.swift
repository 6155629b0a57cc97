import RediclaimKafka

extension IssuerService {
    /// Until shutdown: poll and write the next batch while the previous one is published and
    /// committed. Returns normally on shutdown; a batch given up then is simply redelivered.
    func consume() async throws {
        var ready: ProcessedBatch?
        while !stop.isStopping, !Task.isCancelled {
            let previous = ready
            async let finishing = finish(previous)
            let next: Result<ProcessedBatch?, any Error>
            do {
                next = .success(try await pollAndProcess())
            } catch {
                next = .failure(error)
            }
            let finished = try await finishing
            switch next {
            case .success(let batch):
                ready = batch
            case .failure(let error) where BatchProcessor.classify(error) == .shutdown:
                logger.notice("shutdown interrupted a batch; it will be redelivered")
                return
            case .failure(let error):
                throw error
            }
            if !finished { return }
        }
        _ = try await finish(ready)
    }

    /// The next batch written to MySQL, or nil when nothing arrived within `batchWait`.
    private func pollAndProcess() async throws -> ProcessedBatch? {
        let messages = try await consumer.poll(maxMessages: settings.batchSize, timeout: settings.batchWait)
        guard !messages.isEmpty else { return nil }
        return try await processor.process(messages, polledAt: .now)
    }

    /// Publishes and commits `batch`; false when shutdown interrupted it (nothing committed).
    private func finish(_ batch: ProcessedBatch?) async throws -> Bool {
        guard let batch else { return true }
        do {
            try await publisher.finish(batch)
            return true
        } catch where BatchProcessor.classify(error) == .shutdown {
            logger.notice("shutdown interrupted publishing; the batch will be redelivered")
            return false
        }
    }
}
