import RediclaimKafka

extension IssuerService {
    /// A software pipeline of three stages, each round running them side by side on consecutive
    /// batches: poll and decode batch n+2, write batch n+1 to MySQL, publish and commit batch n.
    /// Offsets are still committed in batch order, and only after the batch's results were
    /// delivered. On shutdown polling stops and the batches in hand drain through; a batch given
    /// up (shutdown during retries) is simply redelivered later. While writing or publishing takes
    /// long (MySQL or Kafka retrying, an isolation), the consumer keeps polling without taking
    /// work, so it is never evicted for exceeding `max.poll.interval`.
    func consume() async throws {
        var decoded: PolledBatch?
        var written: ProcessedBatch?
        while true {
            let fetching = !stop.isStopping && !Task.isCancelled
            if !fetching, decoded == nil, written == nil { return }
            let toWrite = decoded
            let toPublish = written
            let work = Task {
                async let writing = writeStage(toWrite)
                async let publishing = publishStage(toPublish)
                return await (writing, publishing)
            }
            let nextDecoded = fetching ? await pollStage() : .success(nil)
            let (nextWritten, published) = await keepingAlive(until: work)

            switch published {
            case .success(true): break
            case .success(false): return
            case .failure(let error): throw error
            }
            switch nextWritten {
            case .success(let batch): written = batch
            case .failure(let error) where BatchProcessor.classify(error) == .shutdown:
                logger.notice("shutdown interrupted a batch; it will be redelivered")
                return
            case .failure(let error): throw error
            }
            switch nextDecoded {
            case .success(let batch): decoded = batch
            case .failure(let error) where BatchProcessor.classify(error) == .shutdown: decoded = nil
            case .failure(let error): throw error
            }
        }
    }

    /// The round's work once it finishes, keeping the consumer in its group meanwhile.
    private func keepingAlive<T: Sendable>(until work: Task<T, Never>) async -> T {
        await withTaskCancellationHandler {
            while true {
                let finished = await withTaskGroup(of: Bool.self) { group in
                    group.addTask { _ = await work.value; return true }
                    group.addTask { (try? await Task.sleep(for: self.settings.keepAliveEvery)) == nil }
                    let first = await group.next() ?? true
                    group.cancelAll()
                    return first
                }
                if finished || Task.isCancelled { return await work.value }
                do {
                    try await consumer.keepAlive()
                } catch {
                    logger.debug("keep-alive poll failed", metadata: [IssuerLogKey.error: .string(String(reflecting: error))])
                }
            }
        } onCancel: {
            work.cancel()
        }
    }

    /// Stage 1: the next batch, decoded, or nil when nothing arrived within `batchWait`.
    private func pollStage() async -> Result<PolledBatch?, any Error> {
        do {
            let messages = try await consumer.poll(maxMessages: settings.batchSize, timeout: settings.batchWait)
            return .success(messages.isEmpty ? nil : processor.decode(messages, polledAt: .now))
        } catch {
            return .failure(error)
        }
    }

    /// Stage 2: the MySQL transaction.
    private func writeStage(_ batch: PolledBatch?) async -> Result<ProcessedBatch?, any Error> {
        guard let batch else { return .success(nil) }
        do {
            return .success(try await processor.write(batch))
        } catch {
            return .failure(error)
        }
    }

    /// Stage 3: results and dead letters delivered, then offsets committed; false when shutdown
    /// interrupted delivery (nothing committed).
    private func publishStage(_ batch: ProcessedBatch?) async -> Result<Bool, any Error> {
        guard let batch else { return .success(true) }
        do {
            try await publisher.finish(batch)
            return .success(true)
        } catch where BatchProcessor.classify(error) == .shutdown {
            logger.notice("shutdown interrupted publishing; the batch will be redelivered")
            return .success(false)
        } catch {
            return .failure(error)
        }
    }
}
