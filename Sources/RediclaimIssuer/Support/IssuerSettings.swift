import RediclaimConfig

/// The issuer's own settings, read once from `RediclaimConfiguration` (`issuer.*`, `kafka.*` topics).
public struct IssuerSettings: Sendable, Hashable {
    /// Topic the gate writes requests to.
    public var requestTopic: String
    /// Topic results go to.
    public var resultTopic: String
    /// Topic poison messages go to.
    public var dlqTopic: String
    /// Consumer group shared by all issuer processes.
    public var groupID: String
    /// Most messages per MySQL transaction.
    public var batchSize: Int
    /// Longest wait to fill a batch.
    public var batchWait: Duration
    /// Attempts before a message that keeps failing goes to the DLQ.
    public var maxAttempts: Int
    /// Retry backoff: first delay (doubling per attempt, with jitter) and the cap.
    public var backoff: Backoff
    /// How often consumer lag is measured.
    public var lagInterval: Duration
    /// How long the group waits for a silent (crashed) member before moving its partitions.
    public var sessionTimeout: Duration

    public init(
        requestTopic: String, resultTopic: String, dlqTopic: String, groupID: String,
        batchSize: Int = 500, batchWait: Duration = .milliseconds(20), maxAttempts: Int = 5,
        backoff: Backoff = Backoff(base: .milliseconds(100), max: .seconds(5)),
        lagInterval: Duration = .seconds(5), sessionTimeout: Duration = .seconds(10)
    ) {
        self.requestTopic = requestTopic
        self.resultTopic = resultTopic
        self.dlqTopic = dlqTopic
        self.groupID = groupID
        self.batchSize = max(1, batchSize)
        self.batchWait = batchWait
        self.maxAttempts = max(1, maxAttempts)
        self.backoff = backoff
        self.lagInterval = lagInterval
        self.sessionTimeout = sessionTimeout
    }

    /// The settings from the shared configuration.
    public init(_ config: RediclaimConfiguration) {
        self.init(
            requestTopic: config.kafka.requestTopic, resultTopic: config.kafka.resultTopic,
            dlqTopic: config.kafka.dlqTopic, groupID: config.issuer.groupId,
            batchSize: config.issuer.batchSize, batchWait: .milliseconds(config.issuer.batchWaitMs),
            maxAttempts: config.issuer.maxAttempts,
            backoff: Backoff(
                base: .milliseconds(config.issuer.backoffBaseMs), max: .milliseconds(config.issuer.backoffMaxMs)),
            sessionTimeout: .milliseconds(config.kafka.sessionTimeoutMs))
    }
}
