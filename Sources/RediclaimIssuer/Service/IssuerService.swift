import Logging
import RediclaimKafka
import RediclaimMySQL
import RediclaimStore
import ServiceLifecycle

/// The issuer's consume loop as a `Service`: poll a batch, write it to MySQL, publish its results,
/// commit its offsets. Publishing batch N overlaps writing batch N+1; offsets are committed in
/// batch order. Graceful shutdown stops fetching and finishes the batches in hand; the clients are
/// services of their own, listed before this one, so they close after it.
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
            producer: producer, consumer: consumer, outcomes: IssueOutcomes(client: mysql), settings: settings, metrics: metrics, stop: stop, logger: logger)
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
            throw error
        }
        // Results already handed to librdkafka go out before the consumer leaves (it closes after us).
        do {
            try await producer.flush(timeout: .seconds(10))
        } catch {
            logger.warning("producer flush incomplete", metadata: [IssuerLogKey.error: .string(error.debugDescription)])
        }
        logger.info("issuer stopped")
    }
}
