internal import CRdKafka
import Logging

extension RDKafkaClient {
    /// Blocking: collects up to `maxMessages` within `timeout`, returning early when full or, with
    /// `returnWhenDrained`, as soon as some arrived and nothing more is ready.
    /// Rebalance, error and log callbacks are served inside, on the calling (our own) thread.
    func pollBatch(
        maxMessages: Int, timeout: Duration, returnWhenDrained: Bool = false
    ) throws(KafkaError) -> [KafkaMessage] {
        var messages: [KafkaMessage] = []
        messages.reserveCapacity(min(maxMessages, 1024))
        let deadline = ContinuousClock.now + timeout
        while messages.count < maxMessages {
            let remaining = max(Duration.zero, deadline - ContinuousClock.now)
            let drained = returnWhenDrained && !messages.isEmpty
            let waitMs = drained ? 0 : Int32(clamping: remaining.milliseconds())
            guard let raw = rd_kafka_consumer_poll(handle, waitMs) else {
                if waitMs == 0 { break }
                continue
            }
            defer { rd_kafka_message_destroy(raw) }
            if raw.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                messages.append(Self.copyMessage(raw))
            } else {
                try consumerError(raw)
            }
        }
        return messages
    }

    /// Consumer errors are informational (librdkafka recovers) unless the client hit a fatal one.
    private func consumerError(_ raw: UnsafeMutablePointer<rd_kafka_message_t>) throws(KafkaError) {
        let err = raw.pointee.err
        if err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return }
        let topic = raw.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let detail = String(cString: rd_kafka_message_errstr(raw))
        if err == RD_KAFKA_RESP_ERR__FATAL {
            var text = [CChar](repeating: 0, count: 512)
            let original = rd_kafka_fatal_error(handle, &text, text.count)
            let reason = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw KafkaError(original, "the Kafka consumer failed fatally", detail: reason)
        }
        context.logger.warning(
            "Kafka consumer error: \(detail)",
            metadata: [
                KafkaLogKey.code: .string(String(cString: rd_kafka_err2name(err))),
                KafkaLogKey.topic: .string(topic),
                KafkaLogKey.partition: .stringConvertible(raw.pointee.partition),
            ])
    }

    static func copyMessage(_ raw: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaMessage {
        let message = raw.pointee
        let value = message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: message.len)) } ?? []
        let key = message.key.map { Array(UnsafeRawBufferPointer(start: $0, count: message.key_len)) }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(raw, &timestampType)
        return KafkaMessage(
            topic: message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "",
            partition: message.partition,
            offset: message.offset,
            key: key,
            value: value,
            timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
            headers: copyHeaders(raw))
    }

    private static func copyHeaders(_ raw: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(raw, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var headers: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            headers.append(KafkaHeader(
                name: name.map { String(cString: $0) } ?? "",
                value: value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }))
            index += 1
        }
        return headers
    }
}
