internal import CRdKafka
import Dispatch
import Logging

/// An idempotent (`acks=all`) Kafka producer whose sends return once the broker acknowledged.
///
/// Delivery reports are served by a dedicated poll thread; blocking calls (flush, retries on a
/// full queue) run on the producer's own serial queue. Call `close()` when done.
public final class KafkaProducer: Sendable {
    let client: RDKafkaClient
    let deliveries: RDKafkaDeliveries
    let poller: RDKafkaPollThread
    let usage = RDKafkaUsage(what: "producer")
    /// Blocking work: full-queue retries, bulk enqueues and flushes.
    let queue: DispatchQueue
    public let configuration: KafkaProducerConfiguration
    let logger: Logger

    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        let deliveries = RDKafkaDeliveries()
        let context = RDKafkaContext(logger: logger, deliveries: deliveries)
        let client = try RDKafkaClient.make(
            kind: .producer, options: configuration.librdkafkaOptions, context: context)
        self.client = client
        self.deliveries = deliveries
        self.configuration = configuration
        self.logger = logger
        self.queue = DispatchQueue(label: "rediclaim.kafka.producer.\(client.name)")
        self.poller = RDKafkaPollThread(client: client, name: "kafka-poll-\(client.name)")
        logger.debug(
            "Kafka producer created",
            metadata: [KafkaLogKey.client: .string(client.name)])
    }

    /// Produces one message and waits for its delivery report (at most `messageTimeout`).
    /// Once queued the message is not withdrawn if the calling task is cancelled.
    public func send(_ message: KafkaOutgoingMessage) async throws(KafkaError) -> KafkaDeliveryReport {
        let outcome: RDKafkaDeliveries.Outcome = await withCheckedContinuation { continuation in
            guard let id = deliveries.register(.single(continuation)) else {
                continuation.resume(returning: .failure(.closed("producer")))
                return
            }
            let error: KafkaError?
            do throws(KafkaError) {
                error = try usage.use { client.produce(message, id: id) }
            } catch {
                self.fail(id, error)
                return
            }
            guard let error else { return }
            if error.code == .queueFull {
                // Wait for room off the cooperative pool.
                queue.async { self.enqueueWithRetry([message], ids: [id]) }
            } else {
                fail(id, error)
            }
        }
        return try outcome.get()
    }

    /// Waits until every queued message was delivered or failed, or `timeout` passed.
    public func flush(timeout: Duration = .seconds(10)) async throws(KafkaError) {
        let client = self.client
        let usage = self.usage
        try await queue.blocking { () throws(KafkaError) in
            try usage.use { () throws(KafkaError) in
                let err = rd_kafka_flush(client.handle, Int32(clamping: timeout.milliseconds()))
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw KafkaError(err, "not every message was delivered before the flush timeout")
                }
            }
        }
    }

    /// Flushes (up to `timeout`), fails whatever is still undelivered, and frees the client.
    public func close(timeout: Duration = .seconds(10)) async {
        guard !usage.isClosed else { return }
        do {
            try await flush(timeout: timeout)
        } catch {
            logger.warning(
                "Kafka producer closing with undelivered messages",
                metadata: [KafkaLogKey.pending: .stringConvertible(deliveries.pendingCount)])
        }
        guard await usage.closeAndDrain() else { return }
        let client = self.client
        await queue.blocking { () -> Void in
            // Purged messages get failed delivery reports, served right here.
            rd_kafka_purge(client.handle, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
            rd_kafka_poll(client.handle, 0)
        }
        await poller.stop()
        deliveries.failAll(.closed("producer"))
        await queue.blocking { () -> Void in client.destroy() }
        logger.debug("Kafka producer closed", metadata: [KafkaLogKey.client: .string(client.name)])
    }

    deinit {
        // Forgotten close: the poll thread frees the handle on its way out, off the cooperative pool.
        if !usage.isClosed { poller.requestStop(destroyingClient: true) }
    }

    func fail(_ id: UInt, _ error: KafkaError) {
        deliveries.take(id)?.resume(.failure(error))
    }
}
