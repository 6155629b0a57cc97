import Foundation
import RediclaimCore
import RediclaimKafka
import TestSupport
import Testing

@Suite("rediclaimctl lag (in-process issuer and result consumer)", .timeLimit(.minutes(3)))
struct LagTests {
    static func request(_ s: OpsStack, _ user: String, partition: Int32? = nil) throws -> KafkaOutgoingMessage {
        let request = try IssueRequested(eventId: s.eventId, userId: user, seq: 1, releasedAt: Timestamps.epochMillis(Date()))
        return KafkaOutgoingMessage(
            topic: s.topics.requestTopic, key: Array(request.key.utf8), value: Array(MessageCodec().encode(request)),
            partition: partition)
    }

    static func issuerGroup(_ object: [String: Any]) -> [String: Any] {
        JSONAccess.objects(object["groups"]).first { $0["role"] as? String == "issuer" } ?? [:]
    }

    @Test("stuck partition: a poison message holds its partition (lag shows it, --max-lag fails), then goes to the DLQ and lag returns to 0")
    func stuckPartition() async throws {
        try await OpsStack.run { s in
            try await s.applyEvent()
            try await s.poison("stuck")
            // Slow retries, so the partition stays stuck for several seconds before the DLQ.
            try await Services.run(s, issuer: ["issuer.maxAttempts=4", "issuer.backoffBaseMs=1500", "issuer.backoffMaxMs=3000"]) { _ in
                try await s.publish(try (0..<6).map { try Self.request(s, "warm-\($0)") })
                try await s.waitForFinal((0..<6).map { "warm-\($0)" })

                try await s.publish([try Self.request(s, "stuck", partition: 0)] + (0..<3).map { try Self.request(s, "after-\($0)", partition: 0) })
                var sawStuck = false
                let end = ContinuousClock.now + .seconds(20)
                while !sawStuck && ContinuousClock.now < end {
                    let lag = try await s.json("lag", "--sample", "0.5", "--max-lag", "0")
                    let group = Self.issuerGroup(lag.object)
                    let p0 = JSONAccess.objects(group["partitions"]).first { $0["partition"] as? Int == 0 } ?? [:]
                    if (p0["lag"] as? Int ?? 0) >= 1 && p0["stalled"] as? Bool == true {
                        sawStuck = true
                        #expect(lag.status == 1, "--max-lag 0 must fail while the partition is stuck")
                        #expect(group["state"] as? String == "stalled")
                    }
                }
                #expect(sawStuck, "lag never showed partition 0 stuck")

                // After maxAttempts the poison is dead-lettered and the partition moves on.
                var caughtUp = false
                let deadline = ContinuousClock.now + .seconds(40)
                while !caughtUp && ContinuousClock.now < deadline {
                    let lag = try await s.json("lag", "--sample", "0", "--max-lag", "0")
                    caughtUp = lag.status == 0 && Self.issuerGroup(lag.object)["totalLag"] as? Int == 0
                    if !caughtUp { try await Task.sleep(for: .milliseconds(500)) }
                }
                #expect(caughtUp, "issuer lag never returned to 0")
                try await s.waitForFinal((0..<3).map { "after-\($0)" })
                let dlq = JSONAccess.objects(try await s.json("dlq", "list").object["entries"])
                #expect(dlq.count == 1 && dlq.first?["userId"] as? String == "stuck" && dlq.first?["errorCode"] as? String == "rejected")
                #expect(JSONAccess.object(dlq.first?["origin"])["partition"] as? Int == 0)
            }
        }
    }
}
