internal import CRdKafka

extension RDKafkaClient {
    /// Hands one message to librdkafka (copying key, value and headers). `id` comes back in the
    /// delivery report as the message's opaque. Returns nil when queued, else the failure.
    func produce(_ message: KafkaOutgoingMessage, id: UInt) -> KafkaError? {
        guard let topic = topicHandle(message.topic) else {
            return KafkaError(
                rd_kafka_last_error(), "could not open topic \(message.topic) for producing")
        }
        let headers = makeHeaders(message.headers)
        let error: OpaquePointer? = message.value.withUnsafeBytes { value in
            withOptionalBytes(message.key) { key in
                var args = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 7)
                var count = 0
                func add(_ fill: (inout rd_kafka_vu_t) -> Void) {
                    fill(&args[count])
                    count += 1
                }
                add { $0.vtype = RD_KAFKA_VTYPE_RKT; $0.u.rkt = topic }
                add {
                    $0.vtype = RD_KAFKA_VTYPE_PARTITION
                    $0.u.i32 = message.partition ?? RD_KAFKA_PARTITION_UA
                }
                add { $0.vtype = RD_KAFKA_VTYPE_MSGFLAGS; $0.u.i = RD_KAFKA_MSG_F_COPY }
                add {
                    $0.vtype = RD_KAFKA_VTYPE_VALUE
                    $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                    $0.u.mem.size = value.count
                }
                if let key {
                    add {
                        $0.vtype = RD_KAFKA_VTYPE_KEY
                        $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress)
                        $0.u.mem.size = key.count
                    }
                }
                add { $0.vtype = RD_KAFKA_VTYPE_OPAQUE; $0.u.ptr = UnsafeMutableRawPointer(bitPattern: id) }
                if let headers {
                    add { $0.vtype = RD_KAFKA_VTYPE_HEADERS; $0.u.headers = headers }
                }
                return rd_kafka_produceva(handle, args, count)
            }
        }
        guard let error else { return nil }
        // On failure the headers were not taken over by librdkafka.
        if let headers { rd_kafka_headers_destroy(headers) }
        return KafkaError(consuming: error, "could not queue the message for topic \(message.topic)")
    }

    /// A header list librdkafka owns once the message is queued; nil when there are none.
    private func makeHeaders(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty, let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            // rd_kafka_header_add copies name and value.
            if let value = header.value {
                _ = value.withUnsafeBytes { bytes in
                    rd_kafka_header_add(list, header.name, -1, bytes.baseAddress, bytes.count)
                }
            } else {
                _ = rd_kafka_header_add(list, header.name, -1, nil, 0)
            }
        }
        return list
    }
}

/// Runs `body` with the bytes of `array`, or with nil when there is no array.
func withOptionalBytes<R>(_ array: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBytes { body($0) }
}
