/// The catalogue of every configuration key, in one place; files, environment and flags may set only these.
public enum ConfigKeys {
    public static let all: [ConfigKey] = redis + mysql + kafka + gate + issuer + log

    static let redis: [ConfigKey] = [
        ConfigKey("redis.url", default: "redis://127.0.0.1:6391/0", help: "redis://[:password@]host:port/db"),
        ConfigKey("redis.password", default: nil, secret: true, help: "Redis password (AUTH)"),
        ConfigKey("redis.connections", default: "2", help: "connections per process (each auto-pipelines)"),
        ConfigKey("redis.connectTimeoutMs", default: "2000", help: "connect timeout"),
        ConfigKey("redis.commandTimeoutMs", default: "2000", help: "per-command timeout"),
    ]

    static let mysql: [ConfigKey] = [
        ConfigKey("mysql.url", default: "mysql://rediclaim@127.0.0.1:3317/rediclaim", help: "mysql://user@host:port/database"),
        ConfigKey("mysql.password", default: nil, secret: true, help: "database password"),
        ConfigKey("mysql.poolSize", default: "4", help: "connections in the pool"),
        ConfigKey("mysql.connectTimeoutMs", default: "3000", help: "connect timeout"),
    ]

    static let kafka: [ConfigKey] = [
        ConfigKey("kafka.brokers", default: "127.0.0.1:9093", help: "bootstrap servers, comma-separated"),
        ConfigKey("kafka.requestTopic", default: "coupon.issue.requested", help: "gate -> issuer"),
        ConfigKey("kafka.resultTopic", default: "coupon.issue.result", help: "issuer -> gate"),
        ConfigKey("kafka.dlqTopic", default: "coupon.issue.dlq", help: "poison requests"),
        ConfigKey("kafka.compression", default: "lz4", help: "none|gzip|snappy|lz4|zstd"),
        ConfigKey("kafka.lingerMs", default: "5", help: "producer linger"),
        ConfigKey("kafka.deliveryTimeoutMs", default: "30000", help: "a send fails after this long"),
        ConfigKey(
            "kafka.sessionTimeoutMs", default: "10000",
            help: "consumer groups: a crashed member's partitions move after this (Tansu also waits half of it when a group forms)"),
    ]

    static let gate: [ConfigKey] = [
        ConfigKey("gate.host", default: "0.0.0.0", help: "HTTP listen address"),
        ConfigKey("gate.port", default: "8080", help: "HTTP port"),
        ConfigKey("gate.tickMs", default: "100", help: "release ticker period"),
        ConfigKey("gate.maxBodyBytes", default: "4096", help: "request body limit"),
        ConfigKey("gate.ticketKeyId", default: "k1", help: "id of the key that signs new tickets"),
        ConfigKey("gate.ticketSecret", default: nil, secret: true, help: "HMAC key for tickets (>= 32 bytes)"),
        ConfigKey("gate.ticketPreviousKeys", default: nil, secret: true, help: "id:secret,... still accepted (rotation)"),
        ConfigKey("gate.adminToken", default: nil, secret: true, help: "bearer token for /admin"),
        ConfigKey("gate.pendingRepublishAfterMs", default: "5000", help: "re-publish pending dispatch older than this"),
        ConfigKey("gate.resultGroup", default: "rediclaim-gate", help: "consumer group on the result topic"),
        ConfigKey("gate.drainSeconds", default: "10", help: "SIGTERM: time to finish in-flight requests"),
        ConfigKey("gate.rateLimit.ipPerSecond", default: "20", help: "requests/s per client IP (0 = off)"),
        ConfigKey("gate.rateLimit.ipBurst", default: "40", help: "burst per client IP"),
        ConfigKey("gate.rateLimit.userPerSecond", default: "5", help: "requests/s per user (0 = off)"),
        ConfigKey("gate.rateLimit.userBurst", default: "10", help: "burst per user"),
    ]

    static let issuer: [ConfigKey] = [
        ConfigKey("issuer.groupId", default: "rediclaim-issuer", help: "consumer group on the request topic"),
        ConfigKey("issuer.batchSize", default: "500", help: "messages per MySQL transaction"),
        ConfigKey("issuer.batchWaitMs", default: "20", help: "longest wait to fill a batch"),
        ConfigKey("issuer.maxAttempts", default: "5", help: "attempts before a message goes to the DLQ"),
        ConfigKey("issuer.backoffBaseMs", default: "100", help: "first retry delay (doubles, with jitter)"),
        ConfigKey("issuer.backoffMaxMs", default: "5000", help: "longest retry delay"),
        ConfigKey("issuer.opsHost", default: "0.0.0.0", help: "health and metrics listen address"),
        ConfigKey("issuer.opsPort", default: "9100", help: "health and metrics port"),
    ]

    static let log: [ConfigKey] = [
        ConfigKey("log.level", default: "info", help: "trace|debug|info|notice|warning|error|critical"),
        ConfigKey("log.format", default: "text", help: "text|json"),
    ]

    static let byName: [String: ConfigKey] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The key of that name, if it exists.
    public static func key(named name: String) -> ConfigKey? { byName[name] }
}
