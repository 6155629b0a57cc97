extension KafkaConsumer {
    /// Messages one at a time, fetched in batches of up to `batchSize` only when the last batch is
    /// used up (backpressure); a batch is handed out as soon as nothing more is ready.
    /// Ends when the consumer closes or the iterating task is cancelled.
    public func messages(
        batchSize: Int = 100, pollTimeout: Duration = .milliseconds(100)
    ) -> KafkaMessageSequence {
        KafkaMessageSequence(consumer: self, batchSize: batchSize, pollTimeout: pollTimeout)
    }
}

/// An `AsyncSequence` of consumed messages built on `KafkaConsumer.poll`.
public struct KafkaMessageSequence: AsyncSequence, Sendable {
    public typealias Element = KafkaMessage

    let consumer: KafkaConsumer
    let batchSize: Int
    let pollTimeout: Duration

    public func makeAsyncIterator() -> Iterator {
        Iterator(consumer: consumer, batchSize: batchSize, pollTimeout: pollTimeout)
    }

    /// Hands out one buffered batch before polling for the next.
    public struct Iterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer
        let batchSize: Int
        let pollTimeout: Duration
        var buffer: [KafkaMessage] = []
        var position = 0

        public mutating func next() async throws -> KafkaMessage? {
            while position >= buffer.count {
                if Task.isCancelled || consumer.isClosed { return nil }
                let batch: Result<[KafkaMessage], KafkaError>
                do throws(KafkaError) {
                    batch = .success(try await consumer.poll(
                        maxMessages: batchSize, timeout: pollTimeout, returnWhenDrained: true))
                } catch {
                    batch = .failure(error)
                }
                switch batch {
                case .success(let messages): buffer = messages
                case .failure(let error) where error.code == .closed: return nil
                case .failure(let error): throw error
                }
                position = 0
            }
            defer { position += 1 }
            return buffer[position]
        }
    }
}
