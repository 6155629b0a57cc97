import RediclaimKafka
import TestSupport
import Testing

/// A consumer busy for longer than `max.poll.interval` with what it polled (a store down, a slow
/// isolation) stays in its group only if it keeps polling: `keepAlive()` does that without taking
/// new work, and nothing it sees is lost or delivered twice.
@Suite("Kafka consumer keep-alive while busy", .timeLimit(.minutes(2)))
struct KafkaKeepAliveTests {
    typealias Env = KafkaTestEnvironment

    /// Polls the first message, stays busy for `busy` (keeping alive or not), then commits it.
    func busyThenCommit(keepingAlive: Bool, busy: Duration) async throws -> (commit: Result<Void, KafkaError>, after: [KafkaMessage]) {
        let topic = try await Env.makeTopic("keepalive", partitions: 1)
        let producer = try Env.producer()
        _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: nil, value: Array("m0".utf8)))
        // Tansu wants session >= 6 s; librdkafka wants max.poll.interval >= session.
        let consumer = try Env.consumer(
            group: uniqueName("keepalive"), topic: topic, sessionTimeout: .seconds(6), maxPollInterval: .seconds(6))
        let first = try await Env.consume(consumer, count: 1)
        try #require(first.count == 1)
        for i in 1...5 { _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: nil, value: Array("m\(i)".utf8))) }
        let until = ContinuousClock.now + busy
        while ContinuousClock.now < until {
            if keepingAlive { try await consumer.keepAlive() }
            try await Task.sleep(for: .seconds(1))
        }
        let commit: Result<Void, KafkaError>
        do {
            try await consumer.commit(first)
            commit = .success(())
        } catch {
            commit = .failure(error)
        }
        let after = try await Env.consume(consumer, count: 5, within: .seconds(30))
        try? await consumer.close()
        await producer.close()
        await Env.dropTopic(topic)
        return (commit, after)
    }

    @Test("busy for twice the poll interval with keepAlive(): the commit stands and the next polls bring the rest once each")
    func keptAlive() async throws {
        let (commit, after) = try await busyThenCommit(keepingAlive: true, busy: .seconds(13))
        #expect(throws: Never.self) { try commit.get() }
        #expect(after.map(\.offset) == [1, 2, 3, 4, 5], "offsets \(after.map(\.offset))")
    }

    @Test("the control: busy as long without keepAlive(), the consumer is evicted and its commit refused as membership lost")
    func evictedWithout() async throws {
        let (commit, _) = try await busyThenCommit(keepingAlive: false, busy: .seconds(13))
        guard case .failure(let error) = commit else {
            Issue.record("the commit went through although the consumer had not polled for 13 s")
            return
        }
        #expect(error.isMembershipLost, "\(error.debugDescription)")
    }
}
