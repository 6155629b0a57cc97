import ArgumentParser
import RediclaimConfig
import RediclaimCore

/// Which dead letters a `dlq` command works on: the issuer's requests or the gate's results.
enum DLQKind: Sendable {
    case requests
    case results

    /// The DLQ topic.
    func topic(_ kafka: RediclaimConfiguration.Kafka) -> String {
        self == .requests ? kafka.dlqTopic : kafka.resultDlqTopic
    }

    /// Where a replay publishes the original again.
    func replayTopic(_ kafka: RediclaimConfiguration.Kafka) -> String {
        self == .requests ? kafka.requestTopic : kafka.resultTopic
    }

    /// The original's event and user, or why it is not a valid message of its topic.
    func decode(_ bytes: [UInt8]) -> Result<(eventId: Int64, userId: String), RediclaimError> {
        do throws(RediclaimError) {
            switch self {
            case .requests:
                let request = try MessageCodec().decode(IssueRequested.self, from: bytes)
                return .success((request.eventId, request.userId))
            case .results:
                let result = try MessageCodec().decode(IssueResult.self, from: bytes)
                return .success((result.eventId, result.userId))
            }
        } catch {
            return .failure(error)
        }
    }

    var originalName: String { self == .requests ? "IssueRequested" : "IssueResult" }
}

/// `--results`: the gate's result dead letters instead of the issuer's.
struct DLQKindOption: ParsableArguments {
    @Flag(help: "The gate's undecodable results (kafka.resultDlqTopic; replays go to kafka.resultTopic) instead of the issuer's requests")
    var results = false

    var kind: DLQKind { results ? .results : .requests }
}
