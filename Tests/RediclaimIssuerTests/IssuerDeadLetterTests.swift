import Foundation
import RediclaimCore
import RediclaimIssuer
import RediclaimKafka
import RediclaimStore
import TestSupport
import Testing

@Suite("Issuer: poison messages go to the DLQ and the partition continues", .timeLimit(.minutes(2)))
struct IssuerDeadLetterTests {
    @Test("undecodable, unknown event and a row the database refuses: DLQ with metadata; the rest issued")
    func poison() async throws {
        try await TestServers.withDatabase { client, database in
            try await IssuerTestStack.createEvent(client, stock: 100)
            // A permanent, per-row database failure that INSERT IGNORE does not swallow.
            try await client.simpleQuery(
                """
                CREATE TRIGGER poison_guard BEFORE INSERT ON coupon_issue FOR EACH ROW
                BEGIN IF NEW.user_id = 'poison-row' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused'; END IF; END
                """)
            let stack = try await IssuerTestStack.make(database: database, partitions: 3)
            // Everything on partition 0, poison in the middle, so the partition must get past it.
            var messages = try (0..<20).map { try RequestTraffic.request(user: "before-\($0)") }
            messages.append(KafkaOutgoingMessage(topic: "", key: "1001:garbage", value: "{not json"))
            messages.append(try RequestTraffic.request(eventId: 4242, user: "no-event"))
            messages.append(try RequestTraffic.request(user: "poison-row"))
            messages += try (0..<20).map { try RequestTraffic.request(user: "after-\($0)") }
            try await RequestTraffic.publish(messages.map { var m = $0; m.partition = 0; return m }, to: stack.requestTopic)

            // The poison row's failures are logged at warning level on purpose.
            let issuer = try InProcessIssuer(
                try stack.configuration(), logger: IssuerTestStack.logger("issuer", level: .critical))
            let consumed = try await issuer.waitFor("rediclaim_issuer_consumed_total", atLeast: 43)
            let letters = try await RequestTraffic.read(stack.dlqTopic, partitions: 1, atLeast: 3, within: .seconds(20))
            let results = try RequestTraffic.results(
                try await RequestTraffic.read(stack.resultTopic, partitions: 3, atLeast: 40, within: .seconds(20)))
            try await issuer.stop()
            #expect(consumed == 43)

            let records = try letters.map { try JSONDecoder().decode(DeadLetter.self, from: Data($0.value)) }
            #expect(records.count == 3)
            let byKey = Dictionary(records.map { ($0.key ?? "", $0) }, uniquingKeysWith: { a, _ in a })
            let garbage = try #require(byKey["1001:garbage"])
            #expect(garbage.value == "{not json" && garbage.valueEncoding == "utf8" && garbage.attempts == 1)
            #expect(garbage.topic == stack.requestTopic && garbage.partition == 0 && garbage.offset == 20)
            #expect(garbage.error.contains("undecodable") && garbage.errorCode == "undecodable")
            let unknown = try #require(byKey["4242:no-event"])
            #expect(unknown.offset == 21 && unknown.attempts == 1 && unknown.error.contains("4242"))
            #expect(unknown.errorCode == "unknownEvent")
            let refused = try #require(byKey["1001:poison-row"])
            #expect(refused.offset == 22 && refused.attempts == 3, "maxAttempts is 3 in the test settings")
            #expect(refused.errorCode == "rejected" && refused.errorDetail?.contains("refused") == true)
            #expect(letters.allSatisfy { $0.keyString == (try? JSONDecoder().decode(DeadLetter.self, from: Data($0.value)))?.key })

            // Every good request answered, the ones after the poison too.
            let answered = Set(results.map(\.userId))
            let good = Set((0..<20).flatMap { ["before-\($0)", "after-\($0)"] })
            #expect(good.isSubset(of: answered))
            #expect(results.allSatisfy { $0.status == .issued })
            #expect(issuer.metric("rediclaim_issuer_dlq_total") == 3)
            #expect(issuer.metric("rediclaim_issuer_retries_total") >= 2)
            let invariants = try await Invariants.load(client, results: results)
            invariants.verify(requested: good)
            // The refused user's place in the budget is on record, for a rebuild after Redis loses it.
            #expect(try await IssueOutcomes(client: client).all(eventId: 1001) == ["poison-row": .deadLettered])

            // The partition's committed offset is past everything.
            let admin = try KafkaAdmin(client: IssuerTestStack.kafka, logger: IssuerTestStack.logger("admin"))
            let committed = try await admin.committedOffsets(group: stack.group, topic: stack.requestTopic)
            await admin.close()
            #expect(committed[0] == 43)
            await stack.dropTopics()
        }
    }
}
