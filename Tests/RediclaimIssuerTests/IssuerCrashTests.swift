import Foundation
import RediclaimCore
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Issuer processes: SIGKILL and restart, two issuers sharing the group", .serialized, .timeLimit(.minutes(3)))
struct IssuerCrashTests {
    /// The binary is killed (SIGKILL) after its first rows, more requests arrive while it is down,
    /// and a new process finishes the stream. Redelivered batches must give the same rows and the
    /// same answers: the final state satisfies I1-I4 exactly as a run without the kill would.
    @Test("SIGKILL mid-stream, then restart: no loss, no duplicate, no oversell")
    func killAndRestart() async throws {
        try await TestServers.withDatabase { client, database in
            try await IssuerTestStack.createEvent(client, stock: 2_000)
            let stack = try await IssuerTestStack.make(database: database, partitions: 4)
            let users = (0..<6_000).map { "user-\($0)" }
            let first = try ChildProcess("rediclaim-issuer", ["run"], settings: stack.settings, name: "issuer-a")
            defer { first.terminate() }
            try await RequestTraffic.publish(try users[..<3_000].map { try RequestTraffic.request(user: $0) }, to: stack.requestTopic)
            let before = try await IssuerTestStack.waitForRows(client, atLeast: 1, within: .seconds(30))
            try #require(before >= 1, "the first issuer wrote no rows; log:\n\(first.log)")
            first.signal(SIGKILL)
            #expect(await first.waitForExit(timeout: .seconds(10)) == SIGKILL)

            // The second half of the stream arrives while no issuer runs.
            try await RequestTraffic.publish(try users[3_000...].map { try RequestTraffic.request(user: $0) }, to: stack.requestTopic)
            let second = try ChildProcess("rediclaim-issuer", ["run"], settings: stack.settings, name: "issuer-b")
            defer { second.terminate() }
            let committed = try await stack.waitForCommitted(6_000, within: .seconds(90))
            #expect(committed == 6_000, "committed \(committed) of 6000; log:\n\(second.log)")
            second.signal(SIGTERM)
            #expect(await second.waitForExit(timeout: .seconds(30)) == 0, "SIGTERM must exit 0; log:\n\(second.log)")

            let messages = try await RequestTraffic.read(stack.resultTopic, partitions: 3, atLeast: 6_000)
            let invariants = try await Invariants.load(client, results: try RequestTraffic.results(messages))
            invariants.verify(requested: Set(users))
            #expect(invariants.rows.count == 2_000)
            #expect(invariants.soldOutUsers.count == 4_000)
            #expect(messages.count >= 6_000, "redelivery may repeat results, never drop one")
            await stack.dropTopics()
        }
    }

    /// Both processes join the group and split the partitions; one gets SIGTERM mid-run (it must
    /// finish its batch, commit, leave and exit 0); the other takes its partitions over and finishes.
    @Test("two issuers, one stopped mid-run: the other takes over and nothing is lost")
    func twoIssuers() async throws {
        try await TestServers.withDatabase { client, database in
            try await IssuerTestStack.createEvent(client, stock: 3_000)
            let stack = try await IssuerTestStack.make(database: database, partitions: 4)
            let settings = stack.settings + ["log.level=info"]
            let a = try ChildProcess("rediclaim-issuer", ["run"], settings: settings, name: "issuer-a")
            defer { a.terminate() }
            let b = try ChildProcess("rediclaim-issuer", ["run"], settings: settings, name: "issuer-b")
            defer { b.terminate() }
            // Wait until both hold partitions, so stopping one really moves work.
            let topic = stack.requestTopic
            let end = ContinuousClock.now + .seconds(40)
            while ContinuousClock.now < end, !(Self.assignments(a.log, topic) >= 1 && Self.assignments(b.log, topic) >= 1) {
                try await Task.sleep(for: .milliseconds(200))
            }
            try #require(Self.assignments(a.log, topic) >= 1 && Self.assignments(b.log, topic) >= 1, "both must hold partitions")
            let before = Self.assignments(b.log, topic)

            let users = (0..<8_000).map { "user-\($0)" }
            try await RequestTraffic.publish(try users[..<4_000].map { try RequestTraffic.request(user: $0) }, to: stack.requestTopic)
            _ = try await IssuerTestStack.waitForRows(client, atLeast: 500, within: .seconds(30))
            a.signal(SIGTERM)
            let publishing = Task {
                try await RequestTraffic.publish(try users[4_000...].map { try RequestTraffic.request(user: $0) }, to: stack.requestTopic)
            }
            #expect(await a.waitForExit(timeout: .seconds(30)) == 0, "SIGTERM must exit 0; log:\n\(a.log)")
            #expect(a.log.contains("issuer stopped"))
            try await publishing.value

            let committed = try await stack.waitForCommitted(8_000, within: .seconds(60))
            #expect(committed == 8_000, "committed \(committed) of 8000; log:\n\(b.log)")
            b.signal(SIGTERM)
            #expect(await b.waitForExit(timeout: .seconds(30)) == 0)
            // b was given a's partitions when a left.
            #expect(Self.assignments(b.log, topic) > before, "log:\n\(b.log)")

            let messages = try await RequestTraffic.read(stack.resultTopic, partitions: 3, atLeast: 8_000)
            let invariants = try await Invariants.load(client, results: try RequestTraffic.results(messages))
            invariants.verify(requested: Set(users))
            #expect(invariants.rows.count == 3_000)
            await stack.dropTopics()
        }
    }

    /// Non-empty assignments of `topic` a process logged (the Kafka bridge logs each at info).
    static func assignments(_ log: String, _ topic: String) -> Int {
        log.split(separator: "\n").filter { $0.contains("partitions assigned") && $0.contains("\(topic)[") }.count
    }
}
