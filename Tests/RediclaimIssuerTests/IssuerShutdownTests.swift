import Foundation
import RediclaimKafka
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Issuer: graceful shutdown and ops endpoints", .serialized, .timeLimit(.minutes(2)))
struct IssuerShutdownTests {
    /// Stopped with a backlog, the issuer finishes the batches in hand: every message it counted is
    /// answered exactly once and committed. A second issuer then takes the rest without redelivery.
    @Test("graceful stop mid-backlog commits what it answered; a successor finishes without duplicates")
    func gracefulStop() async throws {
        try await TestServers.withDatabase { client, database in
            try await IssuerTestStack.createEvent(client, stock: 4_000)
            let stack = try await IssuerTestStack.make(database: database, partitions: 4)
            let users = (0..<12_000).map { "user-\($0)" }
            try await RequestTraffic.publish(try users.map { try RequestTraffic.request(user: $0) }, to: stack.requestTopic)

            let first = try InProcessIssuer(try stack.configuration(["issuer.batchSize=200"]))
            _ = try await first.waitFor("rediclaim_issuer_consumed_total", atLeast: 1_000)
            try await first.stop()
            let consumed = Int(first.metric("rediclaim_issuer_consumed_total"))
            #expect(consumed < 12_000, "stopped mid-backlog")
            let committed = try await stack.waitForCommitted(consumed, within: .seconds(5))
            #expect(committed == consumed, "what was answered is exactly what was committed")
            let answered = try await RequestTraffic.read(stack.resultTopic, partitions: 3, atLeast: consumed, within: .seconds(15))
            #expect(answered.count == consumed)

            let second = try InProcessIssuer(try stack.configuration())
            let rest = try await second.waitFor("rediclaim_issuer_consumed_total", atLeast: Double(12_000 - consumed))
            try await second.stop()
            #expect(Int(rest) == 12_000 - consumed, "the successor starts where the first committed")
            let messages = try await RequestTraffic.read(stack.resultTopic, partitions: 3, atLeast: 12_000)
            #expect(messages.count == 12_000, "a clean handover redelivers nothing")
            let invariants = try await Invariants.load(client, results: try RequestTraffic.results(messages))
            invariants.verify(requested: Set(users))
            #expect(invariants.rows.count == 4_000)
            await stack.dropTopics()
        }
    }

    @Test("/healthz, /readyz (MySQL and Kafka) and /metrics answer on the ops port")
    func opsEndpoints() async throws {
        try await TestServers.withDatabase { client, database in
            try await IssuerTestStack.createEvent(client, stock: 10)
            let stack = try await IssuerTestStack.make(database: database, partitions: 3)
            try await RequestTraffic.publish([try RequestTraffic.request(user: "u-1")], to: stack.requestTopic)
            let issuer = try InProcessIssuer(try stack.configuration())
            _ = try await issuer.waitFor("rediclaim_issuer_consumed_total", atLeast: 1)
            let port = issuer.opsPort
            try #require(port > 0, "the ops server never reported its port")
            let health = try await Self.get("http://127.0.0.1:\(port)/healthz")
            let ready = try await Self.get("http://127.0.0.1:\(port)/readyz")
            let metrics = try await Self.get("http://127.0.0.1:\(port)/metrics")
            // Lag is measured every 5 s per assigned partition; once committed it is 0.
            var lagLines: [Substring] = []
            let end = ContinuousClock.now + .seconds(12)
            while ContinuousClock.now < end {
                lagLines = issuer.registry.emitToString().split(separator: "\n")
                    .filter { $0.hasPrefix("rediclaim_issuer_consumer_lag{") }
                if lagLines.count == 3, lagLines.allSatisfy({ $0.hasSuffix(" 0.0") }) { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            try await issuer.stop()
            #expect(lagLines.count == 3 && lagLines.allSatisfy { $0.hasSuffix(" 0.0") }, "lag series: \(lagLines)")
            #expect(lagLines.allSatisfy { $0.contains("topic=\"\(stack.requestTopic)\"") })
            #expect(health.status == 200)
            #expect(ready.status == 200 && ready.body.contains("mysql: ok") && ready.body.contains("kafka: ok"), "\(ready.body)")
            #expect(metrics.status == 200)
            for name in [
                "rediclaim_issuer_consumed_total 1", "rediclaim_issuer_issued_total 1", "rediclaim_issuer_sold_out_total",
                "rediclaim_issuer_duplicates_total", "rediclaim_issuer_dlq_total", "rediclaim_issuer_retries_total",
                "rediclaim_issuer_batch_size_bucket", "rediclaim_issuer_batch_duration_seconds_bucket",
            ] {
                #expect(metrics.body.contains(name), "missing \(name)")
            }
            await stack.dropTopics()
        }
    }

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
