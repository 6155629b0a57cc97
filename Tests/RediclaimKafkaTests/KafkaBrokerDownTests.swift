import TestSupport
import RediclaimKafka
import Testing

@Suite("Kafka producer when the broker is gone", .timeLimit(.minutes(1)))
struct KafkaBrokerDownTests {
    typealias Env = KafkaTestEnvironment

    @Test("a send to a broker that stopped fails within the message timeout")
    func sendToStoppedBroker() async throws {
        try Env.requireModernLibrdkafka()
        let tansu = try PrivateTansu()
        try await tansu.waitUntilListening()
        let producer = try Env.producer(messageTimeout: .seconds(3), brokers: tansu.brokers)
        // The broker auto-creates the topic on first produce; this send must succeed.
        let first = try await producer.send(KafkaOutgoingMessage(topic: "down-test", key: "a", value: "1"))
        #expect(first.offset == 0)

        tansu.stop()
        let started = ContinuousClock.now
        await #expect(throws: KafkaError.self) {
            _ = try await producer.send(KafkaOutgoingMessage(topic: "down-test", key: "a", value: "2"))
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(8), "took \(elapsed)")
        do {
            _ = try await producer.send(KafkaOutgoingMessage(topic: "down-test", key: "b", value: "3"))
            Issue.record("send to a stopped broker succeeded")
        } catch {
            #expect(error.code == .messageTimedOut || error.isRetriable, "\(error.debugDescription)")
        }
        await producer.close(timeout: .seconds(1))
    }

    @Test("sendAll to a port with no broker fails every message within the timeout")
    func sendAllToNoBroker() async throws {
        try Env.requireModernLibrdkafka()
        let port = try LocalPorts.free()
        let producer = try Env.producer(messageTimeout: .seconds(2), brokers: "127.0.0.1:\(port)")
        let started = ContinuousClock.now
        let results = await producer.sendAll((0..<50).map {
            KafkaOutgoingMessage(topic: "nowhere", key: "k\($0)", value: "v")
        })
        let elapsed = ContinuousClock.now - started
        #expect(results.count == 50)
        #expect(results.allSatisfy { if case .failure(let error) = $0 { error.code == .messageTimedOut } else { false } })
        #expect(elapsed < .seconds(6), "took \(elapsed)")
        await producer.close(timeout: .milliseconds(100))
        // After close, sends fail at once with .closed.
        do {
            _ = try await producer.send(KafkaOutgoingMessage(topic: "nowhere", key: nil, value: "x"))
            Issue.record("send after close succeeded")
        } catch {
            #expect(error.code == .closed)
        }
    }
}
