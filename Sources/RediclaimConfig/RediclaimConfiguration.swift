/// The typed settings of all three executables, built once at start-up from `ConfigValues`.
public struct RediclaimConfiguration: Sendable {
    public struct Redis: Sendable {
        public var url: String
        public var password: Secret?
        public var connections: Int
        public var connectTimeoutMs: Int
        public var commandTimeoutMs: Int
    }

    public struct MySQL: Sendable {
        public var url: String
        public var password: Secret?
        public var poolSize: Int
        public var connectTimeoutMs: Int
    }

    public struct Kafka: Sendable {
        public var brokers: String
        public var requestTopic: String
        public var resultTopic: String
        public var dlqTopic: String
        public var compression: String
        public var lingerMs: Int
        public var deliveryTimeoutMs: Int
        public var sessionTimeoutMs: Int
    }

    public struct RateLimit: Sendable {
        public var ipPerSecond: Int
        public var ipBurst: Int
        public var userPerSecond: Int
        public var userBurst: Int
    }

    public struct Gate: Sendable {
        public var host: String
        public var port: Int
        public var tickMs: Int
        public var maxBodyBytes: Int
        public var ticketKeyId: String
        public var ticketSecret: Secret?
        public var ticketPreviousKeys: Secret?
        public var adminToken: Secret?
        public var pendingRepublishAfterMs: Int
        public var resultGroup: String
        public var drainSeconds: Int
        public var rateLimit: RateLimit
    }

    public struct Issuer: Sendable {
        public var groupId: String
        public var batchSize: Int
        public var batchWaitMs: Int
        public var maxAttempts: Int
        public var backoffBaseMs: Int
        public var backoffMaxMs: Int
        public var opsHost: String
        public var opsPort: Int
    }

    public struct Log: Sendable {
        public var level: String
        public var format: String
    }

    public var redis: Redis
    public var mysql: MySQL
    public var kafka: Kafka
    public var gate: Gate
    public var issuer: Issuer
    public var log: Log
    /// The resolved values with their sources, for `--print-config`.
    public var values: ConfigValues

    public init(_ v: ConfigValues) throws {
        values = v
        redis = Redis(
            url: try v.requiredString("redis.url"),
            password: v.secret("redis.password"),
            connections: try v.int("redis.connections", in: 1...64),
            connectTimeoutMs: try v.int("redis.connectTimeoutMs", in: 1...600_000),
            commandTimeoutMs: try v.int("redis.commandTimeoutMs", in: 1...600_000))
        mysql = MySQL(
            url: try v.requiredString("mysql.url"),
            password: v.secret("mysql.password"),
            poolSize: try v.int("mysql.poolSize", in: 1...256),
            connectTimeoutMs: try v.int("mysql.connectTimeoutMs", in: 1...600_000))
        kafka = Kafka(
            brokers: try v.requiredString("kafka.brokers"),
            requestTopic: try v.requiredString("kafka.requestTopic"),
            resultTopic: try v.requiredString("kafka.resultTopic"),
            dlqTopic: try v.requiredString("kafka.dlqTopic"),
            compression: try v.oneOf("kafka.compression", ["none", "gzip", "snappy", "lz4", "zstd"]),
            lingerMs: try v.int("kafka.lingerMs", in: 0...60_000),
            deliveryTimeoutMs: try v.int("kafka.deliveryTimeoutMs", in: 1_000...3_600_000),
            sessionTimeoutMs: try v.int("kafka.sessionTimeoutMs", in: 1_000...3_600_000))
        gate = Gate(
            host: try v.requiredString("gate.host"),
            port: try v.int("gate.port", in: 0...65_535),
            tickMs: try v.int("gate.tickMs", in: 10...10_000),
            maxBodyBytes: try v.int("gate.maxBodyBytes", in: 64...1_048_576),
            ticketKeyId: try v.requiredString("gate.ticketKeyId"),
            ticketSecret: v.secret("gate.ticketSecret"),
            ticketPreviousKeys: v.secret("gate.ticketPreviousKeys"),
            adminToken: v.secret("gate.adminToken"),
            pendingRepublishAfterMs: try v.int("gate.pendingRepublishAfterMs", in: 100...3_600_000),
            resultGroup: try v.requiredString("gate.resultGroup"),
            drainSeconds: try v.int("gate.drainSeconds", in: 0...600),
            rateLimit: RateLimit(
                ipPerSecond: try v.int("gate.rateLimit.ipPerSecond", in: 0...1_000_000),
                ipBurst: try v.int("gate.rateLimit.ipBurst", in: 1...1_000_000),
                userPerSecond: try v.int("gate.rateLimit.userPerSecond", in: 0...1_000_000),
                userBurst: try v.int("gate.rateLimit.userBurst", in: 1...1_000_000)))
        issuer = Issuer(
            groupId: try v.requiredString("issuer.groupId"),
            batchSize: try v.int("issuer.batchSize", in: 1...10_000),
            batchWaitMs: try v.int("issuer.batchWaitMs", in: 0...60_000),
            maxAttempts: try v.int("issuer.maxAttempts", in: 1...100),
            backoffBaseMs: try v.int("issuer.backoffBaseMs", in: 1...60_000),
            backoffMaxMs: try v.int("issuer.backoffMaxMs", in: 1...600_000),
            opsHost: try v.requiredString("issuer.opsHost"),
            opsPort: try v.int("issuer.opsPort", in: 0...65_535))
        log = Log(
            level: try v.oneOf("log.level", ["trace", "debug", "info", "notice", "warning", "error", "critical"]),
            format: try v.oneOf("log.format", ["text", "json"]))
    }

    /// Loads and validates in one step: defaults, file, environment, `--set` flags.
    public static func load(file: String?, overrides: [String] = []) throws -> RediclaimConfiguration {
        try RediclaimConfiguration(ConfigLoader.load(file: file, overrides: overrides))
    }
}
