import Logging
import Synchronization

/// What librdkafka's callbacks reach through the client's opaque pointer.
///
/// Retained once by `RDKafkaClient.make` (passRetained into `rd_kafka_conf_set_opaque`) and
/// released by `RDKafkaClient.deinit` after `rd_kafka_destroy`, so it outlives every callback.
final class RDKafkaContext: Sendable {
    let logger: Logger
    /// Producers: the continuations waiting for delivery reports.
    let deliveries: RDKafkaDeliveries?
    /// Consumers: counts assignments so callers and tests can see rebalances.
    let rebalances = Mutex(RebalanceLog())

    struct RebalanceLog {
        var assigned = 0
        var revoked = 0
        var lastProtocol = ""
    }

    init(logger: Logger, deliveries: RDKafkaDeliveries? = nil) {
        self.logger = logger
        self.deliveries = deliveries
    }
}
