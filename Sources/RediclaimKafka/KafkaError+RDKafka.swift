internal import CRdKafka

extension KafkaError.Code {
    /// Maps librdkafka's response codes to names; everything else stays `.other(raw)`.
    init(_ err: rd_kafka_resp_err_t) {
        switch err {
        case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT: self = .messageTimedOut
        case RD_KAFKA_RESP_ERR__QUEUE_FULL: self = .queueFull
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
             RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
            self = .timedOut
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION: self = .transport
        case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN: self = .allBrokersDown
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC,
             RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
            self = .unknownTopicOrPartition
        case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: self = .topicAlreadyExists
        case RD_KAFKA_RESP_ERR_INVALID_PARTITIONS: self = .invalidPartitions
        case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
            self = .messageTooLarge
        case RD_KAFKA_RESP_ERR__INVALID_ARG: self = .invalidArgument
        case RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS: self = .rebalanceInProgress
        case RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION: self = .illegalGeneration
        case RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID: self = .unknownMemberID
        case RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
             RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS:
            self = .notCoordinator
        case RD_KAFKA_RESP_ERR__NO_OFFSET: self = .noOffset
        case RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE, RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION:
            self = .unsupportedFeature
        case RD_KAFKA_RESP_ERR__PURGE_QUEUE, RD_KAFKA_RESP_ERR__PURGE_INFLIGHT: self = .purged
        case RD_KAFKA_RESP_ERR__FATAL: self = .fatal
        case RD_KAFKA_RESP_ERR__DESTROY: self = .closed
        default: self = .other(err.rawValue)
        }
    }
}

extension KafkaError.Code {
    /// From a raw `rd_kafka_resp_err_t` value.
    init(rawCode: Int32) { self.init(rd_kafka_resp_err_t(rawValue: rawCode)) }
}

extension KafkaError {
    /// An error from a librdkafka code: `message` is ours (safe), librdkafka's text goes in `underlying`.
    init(
        _ err: rd_kafka_resp_err_t, _ message: String, detail: String? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        let text = String(cString: rd_kafka_err2str(err))
        let underlying = detail.map { "\(text): \($0)" } ?? text
        self.init(Code(err), message, underlying: underlying, file: file, line: line)
    }

    /// Takes ownership of an `rd_kafka_error_t` (destroys it) and wraps it.
    init(
        consuming error: OpaquePointer, _ message: String,
        file: String = #fileID, line: Int = #line
    ) {
        defer { rd_kafka_error_destroy(error) }
        let code = rd_kafka_error_code(error)
        let detail = rd_kafka_error_string(error).map { String(cString: $0) }
        let fatal = rd_kafka_error_is_fatal(error) != 0
        self.init(
            fatal ? Code.fatal : Code(code), message,
            underlying: "\(String(cString: rd_kafka_err2name(code))): \(detail ?? "")",
            file: file, line: line)
    }
}
