/// An error from the Kafka bridge: a named code, a message safe to show, and librdkafka's detail.
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, mapped from librdkafka's `rd_kafka_resp_err_t` where one applies.
    public enum Code: Sendable, Hashable {
        case messageTimedOut
        case queueFull
        case timedOut
        case transport
        case allBrokersDown
        case unknownTopicOrPartition
        case topicAlreadyExists
        case invalidPartitions
        case messageTooLarge
        case invalidArgument
        case invalidConfiguration
        case rebalanceInProgress
        case illegalGeneration
        case unknownMemberID
        case notCoordinator
        case noOffset
        case unsupportedFeature
        case purged
        case fatal
        /// The client could not be created (bad options, out of resources).
        case clientCreation
        /// The producer, consumer or admin client was closed before or during the call.
        case closed
        /// Any other librdkafka error; the raw `rd_kafka_resp_err_t` value.
        case other(Int32)
    }

    /// The named code.
    public let code: Code
    /// A short message that is safe to show to an operator or a user.
    public let message: String
    /// librdkafka's own text and context, for logs (may name hosts and topics).
    public let underlying: String?
    /// Where the bridge raised the error.
    public let file: String
    public let line: Int

    public init(
        _ code: Code, _ message: String, underlying: String? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String { "KafkaError(\(code)): \(message)" }

    public var debugDescription: String {
        "KafkaError(\(code)): \(message)" + (underlying.map { " [\($0)]" } ?? "") + " at \(file):\(line)"
    }

    /// Equal when code and message match (the source location is ignored).
    public static func == (lhs: KafkaError, rhs: KafkaError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.underlying == rhs.underlying
    }

    /// Whether retrying the same operation later may succeed.
    public var isRetriable: Bool {
        switch code {
        case .messageTimedOut, .queueFull, .timedOut, .transport, .allBrokersDown,
             .rebalanceInProgress, .notCoordinator:
            return true
        default:
            return false
        }
    }

    /// Whether the consumer was no longer a member of its group's current generation (evicted or
    /// fenced): what it polled before is redelivered to whoever owns the partitions now.
    public var isMembershipLost: Bool {
        code == .illegalGeneration || code == .unknownMemberID
    }

    static func closed(_ what: String, file: String = #fileID, line: Int = #line) -> KafkaError {
        KafkaError(.closed, "the Kafka \(what) is closed", file: file, line: line)
    }
}
