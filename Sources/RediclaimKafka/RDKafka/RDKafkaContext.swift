import Logging

/// What librdkafka's callbacks reach through the client's opaque pointer.
///
/// Retained once by `RDKafkaClient.make` (passRetained into `rd_kafka_conf_set_opaque`) and
/// released by `RDKafkaClient.deinit` after `rd_kafka_destroy`, so it outlives every callback.
final class RDKafkaContext: Sendable {
    let logger: Logger
    /// Producers: the continuations waiting for delivery reports.
    let deliveries: RDKafkaDeliveries?
    init(logger: Logger, deliveries: RDKafkaDeliveries? = nil) {
        self.logger = logger
        self.deliveries = deliveries
    }
}
