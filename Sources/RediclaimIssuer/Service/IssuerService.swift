import Logging
import RediclaimKafka
import RediclaimMySQL
import RediclaimStore
import ServiceLifecycle

/// The issuer's consume loop as a `Service`: poll a batch, write it to MySQL, publish its results,
/// commit its offsets. Publishing batch N overlaps writing batch N+1; offsets are committed in
/// batch order. Graceful shutdown stops fetching, finishes the batch in hand, flushes, leaves the group.
public final class IssuerService: Service, Sendable {
    let settings: IssuerSettings
    let consumer: KafkaConsumer
    let producer: KafkaProducer
    let admin: KafkaAdmin
    let mysql: MySQLClient
    let metrics: IssuerMetrics
    let logger: Logger
    let stop = StopFlag()
    let processor: BatchProcessor
    let publisher: ResultPublisher
    let lag: LagMonitor

    /// Takes ownership of the clients: `run()` closes them when it ends.
    public init(
        settings: IssuerSettings, mysql: MySQLClient, consumer: KafkaConsumer, producer: KafkaProducer,
        admin: KafkaAdmin, metrics: IssuerMetrics, logger: Logger
    ) {
        self.settings = settings
        self.consumer = consumer
        self.producer = producer
        self.admin = admin
        self.mysql = mysql
        self.metrics = metrics
        self.logger = logger
        processor = BatchProcessor(
            writer: CouponWriter(client: mysql, logger: logger), settings: settings, metrics: metrics, stop: stop,
            hints: StockHints(), logger: logger)
        publisher = ResultPublisher(
            producer: producer, consumer: consumer, settings: settings, metrics: metrics, stop: stop, logger: logger)
        lag = LagMonitor(consumer: consumer, admin: admin, settings: settings, metrics: metrics, logger: logger)
    }

    public func run() async throws {
        logger.info(
            "issuer consuming",
            metadata: [IssuerLogKey.topic: .string(settings.requestTopic), "kafka.group": .string(settings.groupID)])
        let stop = self.stop
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await self.lag.run() }
                    defer { group.cancelAll() }
                    try await self.consume()
                }
            } onGracefulShutdown: {
                stop.stop()
            }
        } catch {
            logger.error("issuer stopped by an error", metadata: [IssuerLogKey.error: .string(String(reflecting: error))])
            await close()
            throw error
        }
        await close()
    }

    /// Begins a graceful stop without a `ServiceGroup` (the same as its graceful shutdown).
    public func requestStop() { stop.stop() }

    /// Flushes the producer, leaves the group, closes every client.
    private func close() async {
        stop.stop()
        do {
            try await producer.flush(timeout: .seconds(10))
        } catch {
            logger.warning("producer flush incomplete", metadata: [IssuerLogKey.error: .string(error.debugDescription)])
        }
        do {
            try await consumer.close()
        } catch {
            logger.warning("consumer did not leave cleanly", metadata: [IssuerLogKey.error: .string(error.debugDescription)])
        }
        await producer.close()
        await admin.close()
        await mysql.close()
        logger.info("issuer stopped")
    }
}
