internal import CRdKafka

/// One admin request: options with timeouts and a private reply queue, freed in `deinit`.
final class RDKafkaAdminRequest {
    let options: OpaquePointer
    let queue: OpaquePointer
    let timeout: Duration

    init(client: RDKafkaClient, operation: rd_kafka_admin_op_t, timeout: Duration) throws(KafkaError) {
        guard let options = rd_kafka_AdminOptions_new(client.handle, operation) else {
            throw KafkaError(.clientCreation, "could not prepare the Kafka admin request")
        }
        self.options = options
        self.queue = rd_kafka_queue_new(client.handle)
        self.timeout = timeout
        var text = [CChar](repeating: 0, count: 256)
        let ms = Int32(clamping: timeout.milliseconds(minimum: 1))
        _ = rd_kafka_AdminOptions_set_request_timeout(options, ms, &text, text.count)
        if operation == RD_KAFKA_ADMIN_OP_CREATETOPICS || operation == RD_KAFKA_ADMIN_OP_DELETETOPICS {
            _ = rd_kafka_AdminOptions_set_operation_timeout(options, ms, &text, text.count)
        }
    }

    /// Blocking: waits for the result event (the caller destroys it) or throws on timeout/error.
    func awaitResult(_ what: String) throws(KafkaError) -> OpaquePointer {
        let waitMs = Int32(clamping: timeout.milliseconds() + 2000)
        guard let event = rd_kafka_queue_poll(queue, waitMs) else {
            throw KafkaError(.timedOut, "the Kafka admin request (\(what)) timed out")
        }
        let err = rd_kafka_event_error(event)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let detail = rd_kafka_event_error_string(event).map { String(cString: $0) }
            rd_kafka_event_destroy(event)
            throw KafkaError(err, "the Kafka admin request (\(what)) failed", detail: detail)
        }
        return event
    }

    deinit {
        rd_kafka_queue_destroy(queue)
        rd_kafka_AdminOptions_destroy(options)
    }
}
