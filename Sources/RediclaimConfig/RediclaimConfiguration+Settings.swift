/// Every key, its property, its range and its help, in one table; files, the environment and flags
/// may set only these. Defaults are the properties' initial values in `RediclaimConfiguration`.
extension RediclaimConfiguration {
    public static let settings: [Setting] = [
        .string("redis.url", \.redis.url, "redis://[:password@]host:port/db"),
        .secret("redis.password", \.redis.password, "Redis password (AUTH)"),
        .int("redis.connections", \.redis.connections, 1...64, "connections per process (each auto-pipelines)"),
        .int("redis.connectTimeoutMs", \.redis.connectTimeoutMs, 1...600_000, "connect timeout"),
        .int("redis.commandTimeoutMs", \.redis.commandTimeoutMs, 1...600_000, "per-command timeout"),

        .string("mysql.url", \.mysql.url, "mysql://user@host:port/database"),
        .secret("mysql.password", \.mysql.password, "database password"),
        .int("mysql.poolSize", \.mysql.poolSize, 1...256, "connections in the pool"),
        .int("mysql.connectTimeoutMs", \.mysql.connectTimeoutMs, 1...600_000, "connect timeout"),

        .string("kafka.brokers", \.kafka.brokers, "bootstrap servers, comma-separated"),
        .string("kafka.requestTopic", \.kafka.requestTopic, "gate -> issuer"),
        .string("kafka.resultTopic", \.kafka.resultTopic, "issuer -> gate"),
        .string("kafka.dlqTopic", \.kafka.dlqTopic, "poison requests"),
        .choice("kafka.compression", \.kafka.compression, ["none", "gzip", "snappy", "lz4", "zstd"], "producer compression"),
        .int("kafka.lingerMs", \.kafka.lingerMs, 0...60_000, "producer linger"),
        .int("kafka.deliveryTimeoutMs", \.kafka.deliveryTimeoutMs, 1_000...3_600_000, "a send fails after this long"),
        .int(
            "kafka.sessionTimeoutMs", \.kafka.sessionTimeoutMs, 1_000...3_600_000,
            "consumer groups: a crashed member's partitions move after this (Tansu also waits half of it when a group forms)"),

        .string("gate.host", \.gate.host, "HTTP listen address"),
        .int("gate.port", \.gate.port, 0...65_535, "HTTP port"),
        .int("gate.tickMs", \.gate.tickMs, 10...10_000, "release ticker period"),
        .int("gate.maxBodyBytes", \.gate.maxBodyBytes, 64...1_048_576, "request body limit"),
        .string("gate.ticketKeyId", \.gate.ticketKeyId, "id of the key that signs new tickets"),
        .secret("gate.ticketSecret", \.gate.ticketSecret, "HMAC key for tickets (>= 32 bytes); required by the gate"),
        .secret("gate.ticketPreviousKeys", \.gate.ticketPreviousKeys, "id:secret,... still accepted (rotation)"),
        .secret("gate.adminToken", \.gate.adminToken, "bearer token for /admin (the admin API is off when unset)"),
        .int("gate.pendingRepublishAfterMs", \.gate.pendingRepublishAfterMs, 100...3_600_000, "re-publish pending dispatch older than this"),
        .string("gate.resultGroup", \.gate.resultGroup, "consumer group on the result topic"),
        .int("gate.drainSeconds", \.gate.drainSeconds, 0...600, "SIGTERM: time to finish in-flight requests"),
        .int("gate.rateLimit.ipPerSecond", \.gate.rateLimit.ipPerSecond, 0...1_000_000, "requests/s per client IP (0 = off)"),
        .int("gate.rateLimit.ipBurst", \.gate.rateLimit.ipBurst, 1...1_000_000, "burst per client IP"),
        .int("gate.rateLimit.userPerSecond", \.gate.rateLimit.userPerSecond, 0...1_000_000, "requests/s per user (0 = off)"),
        .int("gate.rateLimit.userBurst", \.gate.rateLimit.userBurst, 1...1_000_000, "burst per user"),

        .string("issuer.groupId", \.issuer.groupId, "consumer group on the request topic"),
        .int("issuer.batchSize", \.issuer.batchSize, 1...10_000, "messages per MySQL transaction"),
        .int("issuer.batchWaitMs", \.issuer.batchWaitMs, 0...60_000, "longest wait to fill a batch"),
        .int("issuer.maxAttempts", \.issuer.maxAttempts, 1...100, "attempts before a message goes to the DLQ"),
        .int("issuer.backoffBaseMs", \.issuer.backoffBaseMs, 1...60_000, "first retry delay (doubles, with jitter)"),
        .int("issuer.backoffMaxMs", \.issuer.backoffMaxMs, 1...600_000, "longest retry delay"),
        .string("issuer.opsHost", \.issuer.opsHost, "health and metrics listen address"),
        .int("issuer.opsPort", \.issuer.opsPort, 0...65_535, "health and metrics port"),

        .choice("log.level", \.log.level, ["trace", "debug", "info", "notice", "warning", "error", "critical"], "log level"),
        .choice("log.format", \.log.format, ["text", "json"], "log line format"),
    ]
}
