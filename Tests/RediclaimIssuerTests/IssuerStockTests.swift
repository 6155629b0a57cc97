import RediclaimCore
import TestSupport
import Testing

@Suite("Issuer: stock, duplicates and results against MariaDB and Tansu", .serialized, .timeLimit(.minutes(3)))
struct IssuerStockTests {
    /// 18,000 distinct users plus 2,000 re-sent requests of users already sent (every 9th one),
    /// 20,000 messages in all, for stock 5,000.
    ///
    /// Asserted: exactly 5,000 rows, no user twice, one result per message (20,000), 5,000 users
    /// ISSUED and 13,000 SOLD_OUT; a re-sent request repeats its user's answer, so ISSUED results
    /// = 5,000 + re-sent requests of issued users and SOLD_OUT results = 15,000 minus those.
    /// Then I1-I4 on the database and the result topic.
    @Test("20,000 requests with 2,000 duplicates for stock 5,000")
    func twentyThousandRequests() async throws {
        try await TestServers.withDatabase { client, database in
            try await IssuerTestStack.createEvent(client, stock: 5_000)
            let stack = try await IssuerTestStack.make(database: database, partitions: 6)
            let users = (0..<18_000).map { "user-\($0)" }
            let resent = stride(from: 0, to: 18_000, by: 9).map { users[$0] }
            #expect(resent.count == 2_000)
            try await RequestTraffic.publish(
                try (users + resent).map { try RequestTraffic.request(user: $0) }, to: stack.requestTopic)

            let issuer = try InProcessIssuer(try stack.configuration())
            let consumed = try await issuer.waitFor("rediclaim_issuer_consumed_total", atLeast: 20_000, within: .seconds(120))
            let messages = try await RequestTraffic.read(stack.resultTopic, partitions: 3, atLeast: 20_000)
            // Let anything unexpected (a second result) arrive before counting.
            try await Task.sleep(for: .milliseconds(500))
            try await issuer.stop()
            #expect(consumed == 20_000)

            let results = try RequestTraffic.results(messages)
            let invariants = try await Invariants.load(client, results: results)
            invariants.verify(requested: Set(users))
            #expect(invariants.rows.count == 5_000)
            #expect(invariants.issuedCount == 5_000)
            #expect(results.count == 20_000, "one result per message")
            #expect(invariants.issuedCodes.count == 5_000)
            #expect(invariants.soldOutUsers.count == 13_000)
            let resentIssued = resent.filter { invariants.rows[$0] != nil }.count
            #expect(results.filter { $0.status == .issued }.count == 5_000 + resentIssued)
            #expect(results.filter { $0.status == .soldOut }.count == 15_000 - resentIssued)
            #expect(issuer.metric("rediclaim_issuer_issued_total") == 5_000)
            #expect(issuer.metric("rediclaim_issuer_sold_out_total") == Double(15_000 - resentIssued))
            #expect(issuer.metric("rediclaim_issuer_duplicates_total") == Double(resentIssued))
            #expect(issuer.metric("rediclaim_issuer_dlq_total") == 0)
            await stack.dropTopics()
        }
    }
}
