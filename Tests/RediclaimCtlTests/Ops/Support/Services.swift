import Logging
import RediclaimConfig
import RediclaimGate
import RediclaimKafka
import RediclaimRuntime
import TestSupport

/// The gate's result consumer run in the test process: it writes final statuses to Redis as the
/// gate does (its release ticker is not run: it would release every event on the shared Redis).
final class ResultApplier: Sendable {
    private let task: Task<Void, any Error>
    private let redis = TestServers.redis()
    private let consumer: KafkaConsumer
    private let producer: KafkaProducer

    init(_ stack: OpsStack) throws {
        let config = try stack.topics.configuration([
            "gate.ticketSecret=\(String(repeating: "s", count: 40))", "gate.resultGroup=\(stack.resultGroup)",
            "gate.identity.mode=body", "gate.identity.allowInsecureBody=true",
        ])
        let gate = Gate(settings: try GateSettings(config), redis: redis, identity: .body, logger: IssuerTestStack.logger("gate"))
        var consumer = config.kafkaConsumer(group: stack.resultGroup, clientID: "ops-test-gate")
        // Tansu holds a new group's first assignment for about half the session timeout.
        consumer.sessionTimeout = .seconds(6)
        let kafka = try KafkaConsumer(configuration: consumer, topics: [stack.topics.resultTopic], logger: gate.logger)
        self.consumer = kafka
        producer = try KafkaProducer(configuration: config.kafkaProducer(clientID: "ops-test-gate"), logger: gate.logger)
        let results = ResultConsumer(gate: gate, consumer: kafka, producer: producer)
        task = Task { try await results.run() }
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
        try? await consumer.close()
        await producer.close()
        await redis.shutdown()
    }
}

/// The issuer and the gate's result consumer, both in this process, stopped together.
struct Services: Sendable {
    let issuer: InProcessIssuer
    let results: ResultApplier

    /// Runs `body` with both started; they are stopped afterwards, whether `body` threw or not.
    static func run(_ stack: OpsStack, issuer extra: [String] = [], _ body: (Services) async throws -> Void) async throws {
        let issuer = try InProcessIssuer(
            try stack.issuerConfiguration(extra), logger: IssuerTestStack.logger("issuer", level: .critical))
        let results: ResultApplier
        do {
            results = try ResultApplier(stack)
        } catch {
            try? await issuer.stop()
            throw error
        }
        do {
            try await body(Services(issuer: issuer, results: results))
        } catch {
            await results.stop()
            try? await issuer.stop()
            throw error
        }
        await results.stop()
        try await issuer.stop()
    }
}
