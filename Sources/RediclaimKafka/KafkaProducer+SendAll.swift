internal import CRdKafka
import Dispatch

extension KafkaProducer {
    /// Queues many messages and returns each one's delivery outcome, in the same order.
    /// A full librdkafka queue is handled by polling and retrying, up to `messageTimeout`.
    public func sendAll(_ messages: [KafkaOutgoingMessage]) async -> [Result<KafkaDeliveryReport, KafkaError>] {
        guard !messages.isEmpty else { return [] }
        let batch = RDKafkaDeliveryBatch(count: messages.count)
        return await withCheckedContinuation { continuation in
            batch.wait(continuation)
            var ids: [UInt] = []
            ids.reserveCapacity(messages.count)
            for index in messages.indices {
                guard let id = deliveries.register(.batch(batch, index: index)) else {
                    batch.record(.failure(.closed("producer")), at: index)
                    continue
                }
                ids.append(id)
            }
            guard ids.count == messages.count else {
                // Closed while registering: nothing was queued, so fail what was registered.
                for id in ids { fail(id, .closed("producer")) }
                return
            }
            let registered = ids
            queue.async { self.enqueueWithRetry(messages, ids: registered) }
        }
    }

    /// Runs on `queue`: queues each message, polling while librdkafka's queue is full.
    func enqueueWithRetry(_ messages: [KafkaOutgoingMessage], ids: [UInt]) {
        let timeout = configuration.messageTimeout
        var index = 0
        var fullSince: ContinuousClock.Instant?
        while index < messages.count {
            let error: KafkaError?
            do throws(KafkaError) {
                error = try usage.use { client.produce(messages[index], id: ids[index]) }
            } catch {
                // Closed: fail this and every later message.
                for id in ids[index...] { fail(id, error) }
                return
            }
            guard let error else {
                fullSince = nil
                index += 1
                continue
            }
            guard error.code == .queueFull else {
                fail(ids[index], error)
                index += 1
                continue
            }
            let since = fullSince ?? .now
            fullSince = since
            if ContinuousClock.now - since > timeout {
                fail(ids[index], error)
                index += 1
                continue
            }
            // Serves delivery reports too, which frees room in the queue.
            _ = try? usage.use { rd_kafka_poll(client.handle, 10) }
        }
    }
}
