internal import CRdKafka
import Logging

/// librdkafka's C callbacks. Each one goes opaque -> `RDKafkaContext` (unretained: the client
/// holds the retain for its whole life) -> Logger, delivery table or rebalance handling.
enum RDKafkaCallbacks {
    static func install(on conf: OpaquePointer, kind: RDKafkaClient.Kind, deliveries: Bool) {
        rd_kafka_conf_set_log_cb(conf) { rk, level, facility, text in
            guard let rk, let context = RDKafkaCallbacks.context(rk) else { return }
            context.logger.log(
                level: RDKafkaCallbacks.logLevel(syslog: level),
                "\(text.map { String(cString: $0) } ?? "")",
                metadata: [
                    KafkaLogKey.facility: .string(facility.map { String(cString: $0) } ?? ""),
                    KafkaLogKey.client: .string(String(cString: rd_kafka_name(rk))),
                ])
        }
        rd_kafka_conf_set_error_cb(conf) { rk, err, reason, _ in
            guard let rk, let context = RDKafkaCallbacks.context(rk) else { return }
            let code = rd_kafka_resp_err_t(rawValue: err)
            context.logger.log(
                level: RDKafkaCallbacks.errorLevel(code),
                "librdkafka error: \(reason.map { String(cString: $0) } ?? "")",
                metadata: [KafkaLogKey.code: .string(String(cString: rd_kafka_err2name(code)))])
        }
        if deliveries {
            rd_kafka_conf_set_dr_msg_cb(conf) { rk, message, _ in
                guard let rk, let message, let context = RDKafkaCallbacks.context(rk),
                      let deliveries = context.deliveries
                else { return }
                deliveries.complete(message)
            }
        }
        if kind == .consumer {
            rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, _ in
                guard let rk else { return }
                RDKafkaRebalance.handle(rk, err, partitions, context: RDKafkaCallbacks.context(rk))
            }
        }
    }

    /// The context set with `rd_kafka_conf_set_opaque`; not retained here (see above).
    static func context(_ rk: OpaquePointer) -> RDKafkaContext? {
        rd_kafka_opaque(rk).map { Unmanaged<RDKafkaContext>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Connection failures already reach the log through the log callback; keep them quiet here.
    static func errorLevel(_ code: rd_kafka_resp_err_t) -> Logger.Level {
        switch code {
        case RD_KAFKA_RESP_ERR__FATAL: return .critical
        case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN: return .error
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__RESOLVE: return .debug
        default: return .warning
        }
    }

    /// syslog levels (0 emergency ... 7 debug) to swift-log levels.
    static func logLevel(syslog level: Int32) -> Logger.Level {
        switch level {
        case ...2: return .critical
        case 3: return .error
        case 4: return .warning
        case 5: return .notice
        case 6: return .info
        default: return .debug
        }
    }
}
