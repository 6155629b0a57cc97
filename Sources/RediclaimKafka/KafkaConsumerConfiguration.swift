/// Group consumer settings; commits are always manual (no auto commit, no auto offset store).
public struct KafkaConsumerConfiguration: Sendable, Hashable {
    public var client: KafkaClientConfiguration
    /// The consumer group to join.
    public var groupID: String
    /// Where to start in partitions without a committed offset.
    public var autoOffsetReset: KafkaAutoOffsetReset
    /// How partitions are spread over the group's members.
    public var assignmentStrategy: KafkaAssignmentStrategy
    /// A member silent for this long is removed from the group.
    public var sessionTimeout: Duration
    /// A member that does not poll for this long leaves the group.
    public var maxPollInterval: Duration

    public init(
        client: KafkaClientConfiguration,
        groupID: String,
        autoOffsetReset: KafkaAutoOffsetReset = .earliest,
        assignmentStrategy: KafkaAssignmentStrategy = .cooperativeSticky,
        sessionTimeout: Duration = .seconds(45),
        maxPollInterval: Duration = .seconds(300)
    ) {
        self.client = client
        self.groupID = groupID
        self.autoOffsetReset = autoOffsetReset
        self.assignmentStrategy = assignmentStrategy
        self.sessionTimeout = sessionTimeout
        self.maxPollInterval = maxPollInterval
    }
}
