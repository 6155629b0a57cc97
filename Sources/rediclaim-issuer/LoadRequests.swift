import ArgumentParser
import Foundation
import Logging
import RediclaimConfig
import RediclaimCore
import RediclaimKafka
import RediclaimRuntime

/// `rediclaim-issuer load-requests`: publishes synthetic `IssueRequested` messages, as the gate
/// would, for benchmarks and drills. Hidden: not for production use.
struct LoadRequests: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-requests", abstract: "Publish synthetic issue requests (benchmarks).",
        shouldDisplay: false)

    @OptionGroup var config: ConfigOptions
    @Option(help: "Event id of every request") var event: Int64
    @Option(help: "Requests to publish") var count = 200_000
    @Option(help: "User ids are <prefix><n>") var userPrefix = "u-"
    @Option(help: "Messages per sendAll call") var chunk = 10_000

    func validate() throws {
        guard count >= 1, chunk >= 1 else { throw ValidationError("--count and --chunk must be positive") }
    }

    func run() async throws {
        let settings = try config.load()
        var logger = Logger(label: "rediclaim.issuer.load")
        logger.logLevel = .warning
        let producer = try KafkaProducer(
            configuration: settings.kafkaProducer(clientID: "rediclaim-issuer-load"), logger: logger)
        let codec = MessageCodec()
        let topic = settings.kafka.requestTopic
        let start = ContinuousClock.now
        var failed = 0
        for first in stride(from: 0, to: count, by: chunk) {
            let now = Timestamps.epochMillis(Date())
            let messages = try (first..<min(first + chunk, count)).map { index in
                let request = try IssueRequested(
                    eventId: event, userId: "\(userPrefix)\(index)", seq: Int64(index) + 1, releasedAt: now)
                return KafkaOutgoingMessage(
                    topic: topic, key: Array(request.key.utf8), value: Array(codec.encode(request)))
            }
            for report in await producer.sendAll(messages) {
                if case .failure = report { failed += 1 }
            }
        }
        await producer.close()
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        print(#"{"published":\#(count - failed),"failed":\#(failed),"seconds":\#(seconds)}"#)
        if failed > 0 { throw ExitCode.failure }
    }
}
