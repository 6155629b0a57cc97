import Foundation
import RediclaimMySQL
import RediclaimStore
import TestSupport
import Testing

@Suite("Issuer: MariaDB restarted during consumption", .timeLimit(.minutes(3)))
struct IssuerDatabaseRestartTests {
    /// A private server is killed (SIGKILL) after the first rows and started again two seconds
    /// later. The issuer retries with backoff meanwhile (transactions cut mid-way, commits whose
    /// outcome is unknown), then finishes: I1-I4 hold and every request is answered.
    @Test("the issuer retries through a MariaDB crash and restart, then completes correctly")
    func restart() async throws {
        let server = try await PrivateMariaDB()
        defer { server.stop() }
        let database = "issuer_restart"
        let admin = try MySQLClient(configuration: server.configuration(database: nil), logger: PrivateMariaDB.logger)
        try await admin.simpleQuery("CREATE DATABASE \(database)")
        await admin.close()
        let client = try MySQLClient(configuration: server.configuration(database: database), logger: PrivateMariaDB.logger)
        try await Migrator(client: client, migrations: try Migration.bundled(), logger: PrivateMariaDB.logger).migrate()
        try await IssuerTestStack.createEvent(client, stock: 3_000)

        let stack = try await IssuerTestStack.make(database: database, partitions: 4, mysqlPort: server.port)
        let users = (0..<8_000).map { "user-\($0)" }
        try await RequestTraffic.publish(try users.map { try RequestTraffic.request(user: $0) }, to: stack.requestTopic)
        // The outage is logged at warning level on purpose; keep the test output for real failures.
        let issuer = try InProcessIssuer(
            try stack.configuration(["issuer.batchSize=200"]), logger: IssuerTestStack.logger("issuer", level: .error))
        let before = try await IssuerTestStack.waitForRows(client, atLeast: 1, within: .seconds(30))
        try #require(before >= 1, "no rows before the crash")
        server.kill()
        // The test's own pooled connections died with the server: verify with fresh ones.
        await client.close()
        try await Task.sleep(for: .seconds(2))
        try await server.start()
        let verifier = try MySQLClient(configuration: server.configuration(database: database), logger: PrivateMariaDB.logger)

        let consumed = try await issuer.waitFor("rediclaim_issuer_consumed_total", atLeast: 8_000, within: .seconds(90))
        let retries = issuer.metric("rediclaim_issuer_retries_total")
        try await issuer.stop()
        #expect(consumed == 8_000)
        #expect(retries >= 1, "the outage must have been retried")
        #expect(issuer.metric("rediclaim_issuer_dlq_total") == 0, "an outage is not a poison message")

        let messages = try await RequestTraffic.read(stack.resultTopic, partitions: 3, atLeast: 8_000)
        let invariants = try await Invariants.load(verifier, results: try RequestTraffic.results(messages))
        await verifier.close()
        invariants.verify(requested: Set(users))
        #expect(invariants.rows.count == 3_000)
        await stack.dropTopics()
    }
}
