/// The typed settings of all three executables. Each property's initial value is its default, the
/// one place a default is written; `RediclaimConfiguration.settings` maps every key to its property.
public struct RediclaimConfiguration: Sendable {
    public struct Redis: Sendable {
        public var url = "redis://127.0.0.1:6391/0"
        public var password: Secret?
        /// Redis Cluster seed nodes (`host:port`); empty: one server at `url`.
        public var clusterNodes: [String] = []
        public var connections = 2
        public var connectTimeoutMs = 2_000
        public var commandTimeoutMs = 2_000
    }

    public struct MySQL: Sendable {
        public var url = "mysql://rediclaim@127.0.0.1:3317/rediclaim"
        public var password: Secret?
        public var poolSize = 4
        public var connectTimeoutMs = 3_000
    }

    public struct Kafka: Sendable {
        public var brokers = "127.0.0.1:9093"
        public var requestTopic = "coupon.issue.requested"
        public var resultTopic = "coupon.issue.result"
        public var dlqTopic = "coupon.issue.dlq"
        public var resultDlqTopic = "coupon.issue.result.dlq"
        public var compression = "lz4"
        public var lingerMs = 5
        public var deliveryTimeoutMs = 30_000
        public var sessionTimeoutMs = 10_000
        public var maxPollIntervalMs = 300_000
    }

    public struct RateLimit: Sendable {
        public var ipPerSecond = 20
        public var ipBurst = 40
        public var userPerSecond = 5
        public var userBurst = 10
        public var rankPerSecond = 5
        public var rankBurst = 10
        public var maxKeys = 200_000
    }

    /// Who is asking: how the gate learns a verified user id.
    public struct Identity: Sendable {
        public var mode = "jwt"
        public var allowInsecureBody = false
        public var jwtSecret: Secret?
        public var jwksFile = ""
        public var claim = "sub"
        public var issuer = ""
        public var audience = ""
        public var leewaySeconds = 30
        public var header = "X-Rediclaim-User"
        public var trustedProxies: [String] = []
    }

    public struct CORS: Sendable {
        public var allowedOrigins: [String] = []
    }

    /// The waiting-room page (`/wait/{id}`).
    public struct Page: Sendable {
        public var embedOrigins: [String] = []
        public var devSignIn = false
    }

    public struct Gate: Sendable {
        public var host = "0.0.0.0"
        public var port = 8080
        public var tickMs = 100
        public var maxBodyBytes = 4_096
        public var ticketKeyId = "k1"
        public var ticketSecret: Secret?
        public var ticketPreviousKeys: Secret?
        public var adminToken: Secret?
        public var pendingRepublishAfterMs = 5_000
        public var resultGroup = "rediclaim-gate"
        public var drainSeconds = 10
        public var rateLimit = RateLimit()
        public var identity = Identity()
        public var trustedProxies: [String] = []
        public var ticketTtlSeconds = 7_200
        public var ticketGraceSeconds = 600
        public var ticketPreviousKeysUntil = ""
        public var idleTimeoutSeconds = 30
        public var requestTimeoutSeconds = 10
        public var maxConnections = 20_000
        /// Runs request tasks on the NIO event loops (NIO's global-executor hook) instead of the
        /// cooperative pool. Off: measured no faster here (scripts/bench/tasks-ab.sh, docs/performance.md).
        public var tasksOnEventLoops = false
        public var maxHeaderBytes = 16_384
        public var opsHost = "0.0.0.0"
        public var opsPort = 9101
        public var cors = CORS()
        public var recoveryDrainTimeoutSeconds = 120
        public var page = Page()
        public var pollBudgetPerSecond = 2_000
    }

    public struct Issuer: Sendable {
        public var groupId = "rediclaim-issuer"
        public var batchSize = 500
        public var batchWaitMs = 20
        public var maxAttempts = 5
        public var backoffBaseMs = 100
        public var backoffMaxMs = 5_000
        public var opsHost = "0.0.0.0"
        public var opsPort = 9100
    }

    public struct Log: Sendable {
        public var level = "info"
        public var format = "text"
    }

    public var redis = Redis()
    public var mysql = MySQL()
    public var kafka = Kafka()
    public var gate = Gate()
    public var issuer = Issuer()
    public var log = Log()
    /// The resolved values with their sources, for `--print-config`.
    public var values = ConfigValues.empty

    /// Every default.
    public init() {}

    /// The defaults with `values` applied, each checked for its type and range.
    public init(_ values: ConfigValues) throws {
        self.init()
        for setting in Self.settings {
            guard let entry = values.entries[setting.name], entry.source != .defaultValue else { continue }
            try setting.apply(&self, entry.value, entry.source)
        }
        self.values = values
    }

    /// Loads and validates in one step: defaults, file, environment, `--set` flags.
    public static func load(file: String?, overrides: [String] = []) throws -> RediclaimConfiguration {
        try RediclaimConfiguration(ConfigLoader.load(file: file, overrides: overrides))
    }
}
