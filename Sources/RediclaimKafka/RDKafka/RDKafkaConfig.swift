internal import CRdKafka

/// Builds an `rd_kafka_conf_t` from option names; the caller owns the result until `rd_kafka_new`.
enum RDKafkaConfig {
    static func make(_ options: [String: String]) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(.clientCreation, "could not allocate a Kafka configuration")
        }
        var errorText = [CChar](repeating: 0, count: 512)
        for (name, value) in options.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                let detail = errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                throw KafkaError(
                    .invalidConfiguration, "invalid Kafka option \(name)", underlying: detail)
            }
        }
        return conf
    }
}
