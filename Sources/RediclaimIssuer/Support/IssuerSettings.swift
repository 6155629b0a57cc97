import RediclaimConfig

/// The issuer's settings as it uses them (durations, topics), derived once from the configuration,
/// where every default is declared (`RediclaimConfiguration.Issuer` and `.Kafka`).
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
    /// How often consumer lag is measured (not a setting: the metric's resolution).
    public var lagInterval: Duration = .seconds(5)
    /// How long the group waits for a silent (crashed) member before moving its partitions.
    public var sessionTimeout: Duration
    /// How often a batch still being written or published keeps the consumer in its group (a quarter
    /// of `max.poll.interval`, so a long MySQL outage or isolation never gets it evicted).
    public var keepAliveEvery: Duration

    public init(_ config: RediclaimConfiguration) {
        requestTopic = config.kafka.requestTopic
        resultTopic = config.kafka.resultTopic
        dlqTopic = config.kafka.dlqTopic
        groupID = config.issuer.groupId
        batchSize = config.issuer.batchSize
        batchWait = .milliseconds(config.issuer.batchWaitMs)
        maxAttempts = config.issuer.maxAttempts
        backoff = Backoff(base: .milliseconds(config.issuer.backoffBaseMs), max: .milliseconds(config.issuer.backoffMaxMs))
        sessionTimeout = .milliseconds(config.kafka.sessionTimeoutMs)
        keepAliveEvery = max(.milliseconds(500), .milliseconds(max(config.kafka.maxPollIntervalMs, config.kafka.sessionTimeoutMs)) / 4)
    }
}
