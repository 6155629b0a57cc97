internal import CRdKafka

/// Facts about the librdkafka library loaded at run time.
public enum Kafka {
    /// The runtime librdkafka version, e.g. "2.6.0"; Debian's "2.0.2" cannot talk to Tansu.
    public static var librdkafkaVersion: String {
        String(cString: rd_kafka_version_str())
    }

    /// Whether the loaded librdkafka is the old Debian 2.0.x build (headers only, not for Tansu).
    public static var isOutdatedLibrdkafka: Bool {
        librdkafkaVersion.hasPrefix("2.0.") || librdkafkaVersion.hasPrefix("1.")
    }
}
