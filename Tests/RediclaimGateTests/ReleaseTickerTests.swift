import Foundation
import Logging
import RediclaimCore
import RediclaimGate
import RediclaimKafka
import RediclaimRedis
import RediclaimStore
import ServiceLifecycle
import TestSupport
import Testing

/// Runs release tickers (one per gate) until stopped gracefully.
struct RunningTickers {
    let group: ServiceGroup
    let task: Task<Void, any Error>

    init(_ tickers: [ReleaseTicker]) {
        group = ServiceGroup(
            configuration: .init(services: tickers.map { $0 as any Service }, gracefulShutdownSignals: [], logger: TestServers.logger))
        let group = self.group
        task = Task { try await group.run() }
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

@Suite("Release ticker (Redis and Tansu)", .serialized, .timeLimit(.minutes(3)))
struct ReleaseTickerTests {
    func enqueue(_ f: GateFixture, count: Int, prefix: String = "u") async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in stride(from: 0, to: count, by: 500) {
                group.addTask {
                    for i in chunk..<min(count, chunk + 500) { _ = try await f.room.enqueue(eventId: 1001, userId: "\(prefix)\(i)") }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Releases within `window` ms of the first release, in release order.
    func firstWindow(_ log: [ReleaseLogEntry], ms window: Int64) -> [ReleaseLogEntry] {
        guard let t0 = log.first?.releasedAtMs else { return [] }
        return log.filter { $0.releasedAtMs < t0 + window }
    }

    /// The most releases in any window of `ms` milliseconds.
    func busiestWindow(_ log: [ReleaseLogEntry], ms: Int64) -> Int {
        var best = 0
        var start = 0
        for end in log.indices {
            while log[end].releasedAtMs - log[start].releasedAtMs >= ms { start += 1 }
            best = max(best, end - start + 1)
        }
        return best
    }

    @Test("1,000 users/s for 5 s releases 5,000 (never more than one tick over), in FIFO order, and exactly those reach Kafka")
    func rateOrderAndKafka() async throws {
        try await checkRate(gates: 1)
    }

    @Test("two gates on one Redis together still release 1,000 users/s")
    func twoGates() async throws {
        try await checkRate(gates: 2)
    }

    func checkRate(gates: Int) async throws {
        let topic = try await TestKafka.topic("requests")
        let first = try await GateFixture(overrides: ["kafka.requestTopic=\(topic)"])
        try await first.publish(stock: 100_000, rate: 1_000, paused: true)
        try await enqueue(first, count: 8_000)
        var fixtures = [first]
        for _ in 1..<gates { fixtures.append(try await GateFixture(namespace: first.namespace, overrides: ["kafka.requestTopic=\(topic)"])) }
        let producers = try fixtures.map { _ in try TestKafka.producer() }
        let running = RunningTickers(zip(fixtures, producers).map { ReleaseTicker(gate: $0.gate, producer: $1) })
        try await first.publish(stock: 100_000, rate: 1_000, paused: false, version: 2)
        try await Task.sleep(for: .seconds(6))
        await running.stop()
        for producer in producers { await producer.close() }

        let log = try await first.room.releaseLog(eventId: 1001)
        let window = firstWindow(log, ms: 5_000)
        // One tick at 1,000/s with 100 ms ticks is 100 users. Never more (I6); fewer only when ticks run
        // late: the bucket holds one tick, so time a starved gate (a loaded CI machine) lost is not made up.
        #expect(window.count <= 5_100, "I6: released \(window.count) in the first 5 s")
        #expect(window.count >= 4_000, "released only \(window.count) in the first 5 s")
        #expect(busiestWindow(log, ms: 1_000) <= 1_100, "I6: at most rate x 1 s + one tick in any second")
        let outOfOrder = zip(log, log.dropFirst()).filter { $0.score >= $1.score }.count
        #expect(outOfOrder == 0, "I5: released in enqueue (sequence) order")
        let expectedSeqs = Array(1...Int64(log.count))
        #expect(log.map(\.score.seq) == expectedSeqs, "the first \(log.count) to enqueue, none skipped")

        let messages = try await TestKafka.readAll(topic: topic, partitions: 3, atLeast: log.count)
        let keysInKafka = Set(messages.compactMap(\.keyString))
        let releasedKeys = Set(log.map { "1001:\($0.userId)" })
        #expect(releasedKeys.subtracting(keysInKafka).count == 0, "no released user is missing from Kafka")
        #expect(keysInKafka.subtracting(releasedKeys).count == 0, "nobody unreleased is in Kafka")
        #expect(messages.count >= log.count)
        let pending = try await first.runtime.counters(1001).pending
        #expect(pending == 0, "every delivered request cleared its pending entry")
        for f in fixtures.dropFirst() { await f.redis.shutdown() }
        await first.cleanup()
    }

    @Test("SOLD_OUT exactly at stock: 300 released of 500, the rest see SOLD_OUT")
    func soldOutAtStock() async throws {
        let topic = try await TestKafka.topic("requests")
        let f = try await GateFixture(overrides: ["kafka.requestTopic=\(topic)"])
        try await f.publish(stock: 300, rate: 1_000)
        try await enqueue(f, count: 500)
        let producer = try TestKafka.producer()
        let running = RunningTickers([ReleaseTicker(gate: f.gate, producer: producer)])
        for _ in 0..<100 {
            if try await f.runtime.counters(1001).released >= 300 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(500))
        await running.stop()
        await producer.close()
        let counters = try await f.runtime.counters(1001)
        #expect(counters.released == 300)
        #expect(counters.soldOutAtMs != nil)
        // Those still waiting end SOLD_OUT for good (their queue entries become final records).
        guard case .left(.soldOut, .soldOut, _) = try await f.room.rank(eventId: 1001, userId: "u499") else {
            Issue.record("u499 is not SOLD_OUT")
            return
        }
        #expect(try await f.room.enqueue(eventId: 1001, userId: "late") == .refused(.soldOut))
        let messages = try await TestKafka.readAll(topic: topic, partitions: 3, atLeast: 300)
        #expect(Set(messages.compactMap(\.keyString)).count == 300)
        await f.cleanup()
    }

    @Test("requests released while the broker hangs are re-published once it answers again")
    func republishAfterBrokerRestart() async throws {
        let tansu = try PrivateTansu()
        try await tansu.waitUntilListening()
        let topic = try await TestKafka.topic("requests", partitions: 1, brokers: tansu.brokers)
        let f = try await GateFixture(overrides: [
            "kafka.requestTopic=\(topic)", "gate.pendingRepublishAfterMs=1000",
        ])
        try await f.publish(stock: 1_000, rate: 1_000)
        let producer = try TestKafka.producer(brokers: tansu.brokers, messageTimeout: .seconds(2))
        let running = RunningTickers([ReleaseTicker(gate: f.gate, producer: producer)])
        tansu.pause()
        try await enqueue(f, count: 50)
        for _ in 0..<50 {
            if try await f.runtime.counters(1001).released >= 50 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .seconds(3))  // the sends time out; the entries stay pending
        #expect(try await f.runtime.counters(1001).pending == 50)
        #expect(f.gate.metrics.registry.emitToString().contains("rediclaim_gate_kafka_delivery_failures_total 50"))

        tansu.resume()
        for _ in 0..<150 {
            if try await f.runtime.counters(1001).pending == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        await running.stop()
        await producer.close()
        #expect(try await f.runtime.counters(1001).pending == 0)
        let messages = try await TestKafka.readAll(topic: topic, partitions: 1, atLeast: 50, brokers: tansu.brokers)
        let delivered = Set(messages.compactMap(\.keyString))
        #expect(delivered.count == 50 && delivered == Set((0..<50).map { "1001:u\($0)" }))
        tansu.stop()
        await f.cleanup()
    }
}
