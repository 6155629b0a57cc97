import Foundation

/// Connection settings every Kafka client (producer, consumer, admin) shares.
public struct KafkaClientConfiguration: Sendable, Hashable {
    /// Bootstrap brokers as `host:port`.
    public var bootstrapServers: [String]
    /// Sent to the broker to tell clients apart in its logs.
    public var clientID: String
    /// librdkafka debug contexts (e.g. `["broker", "cgrp"]`); their lines are logged at `.debug`.
    public var debugContexts: [String]
    /// How long a request to a broker may take before it fails.
    public var socketTimeout: Duration
    /// Raw librdkafka options added as they are; they cannot switch off the bridge's safety options.
    public var extraOptions: [String: String]

    public init(
        bootstrapServers: [String],
        clientID: String = "rediclaim",
        debugContexts: [String] = [],
        socketTimeout: Duration = .seconds(30),
        extraOptions: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.debugContexts = debugContexts
        self.socketTimeout = socketTimeout
        self.extraOptions = extraOptions
    }

    /// Parses a comma-separated broker list such as `"127.0.0.1:9093,10.0.0.2:9092"`.
    public init(brokers: String, clientID: String = "rediclaim") {
        let servers = brokers.split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        self.init(bootstrapServers: servers, clientID: clientID)
    }
}

/// Compression codecs librdkafka offers for produced batches.
public enum KafkaCompression: String, Sendable, Hashable, CaseIterable {
    case none, gzip, snappy, lz4, zstd
}

/// Where a group consumer starts in a partition that has no committed offset.
public enum KafkaAutoOffsetReset: String, Sendable, Hashable {
    case earliest
    /// Uses ListOffsets; on Tansu 0.6 this may start inside the last batch (see `KafkaStartOffset.end`).
    case latest
    /// Fail instead of guessing (surfaced as a consumer error in the log).
    case error
}

/// How a consumer group spreads partitions over its members.
public enum KafkaAssignmentStrategy: String, Sendable, Hashable {
    /// Incremental (COOPERATIVE) rebalancing: members keep partitions that do not move.
    case cooperativeSticky = "cooperative-sticky"
    /// Classic EAGER protocol: every rebalance revokes everything first.
    case range
    /// Classic EAGER protocol with round-robin spreading.
    case roundRobin = "roundrobin"
}
