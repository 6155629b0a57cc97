internal import CRdKafka
import Logging

/// The rebalance callback: COOPERATIVE groups assign and revoke incrementally, EAGER groups
/// replace the whole assignment. Runs inside `rd_kafka_consumer_poll`/`close` on our poll queue.
enum RDKafkaRebalance {
    static func handle(
        _ rk: OpaquePointer, _ err: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        context: RDKafkaContext?
    ) {
        let protocolName = String(cString: rd_kafka_rebalance_protocol(rk))
        let cooperative = protocolName == "COOPERATIVE"
        let names = RDKafkaTopicPartitionList.describe(partitions)
        var failure: String?

        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if cooperative {
                if let error = rd_kafka_incremental_assign(rk, partitions) {
                    failure = describe(consuming: error)
                }
            } else {
                let code = rd_kafka_assign(rk, partitions)
                if code != RD_KAFKA_RESP_ERR_NO_ERROR { failure = String(cString: rd_kafka_err2str(code)) }
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            if cooperative {
                if let error = rd_kafka_incremental_unassign(rk, partitions) {
                    failure = describe(consuming: error)
                }
            } else {
                let code = rd_kafka_assign(rk, nil)
                if code != RD_KAFKA_RESP_ERR_NO_ERROR { failure = String(cString: rd_kafka_err2str(code)) }
            }
        default:
            // librdkafka asks for the assignment to be dropped when the rebalance itself failed.
            failure = "rebalance error \(String(cString: rd_kafka_err2name(err)))"
            _ = rd_kafka_assign(rk, nil)
        }

        guard let logger = context?.logger else { return }
        let metadata: Logger.Metadata = [
            KafkaLogKey.protocolName: .string(protocolName),
            KafkaLogKey.partitions: .string(names),
            KafkaLogKey.client: .string(String(cString: rd_kafka_name(rk))),
        ]
        if let failure {
            logger.error("Kafka rebalance step failed: \(failure)", metadata: metadata)
        } else {
            let what = err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS ? "assigned" : "revoked"
            logger.info("Kafka partitions \(what)", metadata: metadata)
        }
    }

    private static func describe(consuming error: OpaquePointer) -> String {
        defer { rd_kafka_error_destroy(error) }
        return rd_kafka_error_string(error).map { String(cString: $0) } ?? "unknown error"
    }
}
