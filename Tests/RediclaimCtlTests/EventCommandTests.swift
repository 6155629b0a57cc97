import Foundation
import RediclaimCore
import RediclaimStore
import RediclaimRedis
import TestSupport
import Testing

@testable import RediclaimCtl

@Suite("rediclaimctl migrate and event (MariaDB, Redis)", .timeLimit(.minutes(2)))
struct EventCommandTests {
    @Test("migrate applies, then is up to date; --status lists the migrations")
    func migrate() async throws {
        try await TestServers.withDatabase(migrate: false) { _, db in
            let f = CtlFixture(database: db)
            let first = try await f.ctl("migrate")
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("applying 0001_coupon_tables"))
            let second = try await f.ctl("migrate")
            #expect(second.stdout.contains("schema is up to date"))
            let status = try await f.ctl("migrate", "--status").stdout.split(separator: "\n")
                .map { $0.split(separator: " ").joined(separator: " ") }
            #expect(status.contains("0001 coupon_tables applied"))
        }
    }

    @Test("apply creates, is idempotent, and show prints the definition and live counters")
    func applyAndShow() async throws {
        try await TestServers.withDatabase { _, db in
            let f = CtlFixture(database: db)
            let file = try f.eventsFile()
            #expect(try await f.ctl("event", "apply", "-f", file).stdout.contains(": created"))
            #expect(try await f.ctl("event", "apply", "-f", file).stdout.contains(": unchanged"))
            let show = try await f.ctl("event", "show", String(f.eventId))
            #expect(show.status == 0)
            #expect(show.stdout.contains("state          OPEN"))
            #expect(show.stdout.contains("waiting          0"))
            let json = try await f.ctl("event", "show", String(f.eventId), "--json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(object["stock"] as? Int == 100)
            #expect((object["live"] as? [String: Any])?["remainingBudget"] as? Int == 100)
            #expect(try await f.ctl("event", "apply", "-f", try f.eventsFile(rate: 80)).stdout.contains(": updated"))
            #expect(try await f.ctl("event", "list").stdout.contains(String(f.eventId)))
            await f.cleanup()
        }
    }

    @Test("pause, resume, set-rate and close change MySQL and Redis")
    func controls() async throws {
        try await TestServers.withDatabase { _, db in
            let f = CtlFixture(database: db)
            _ = try await f.ctl("event", "apply", "-f", try f.eventsFile())
            let id = String(f.eventId)
            #expect(try await f.ctl("event", "pause", id).status == 0)
            #expect(try await f.ctl("event", "show", id).stdout.contains("state          PAUSED"))
            #expect(try await f.ctl("event", "resume", id).status == 0)
            #expect(try await f.ctl("event", "set-rate", id, "7").status == 0)
            #expect(try await f.ctl("event", "show", id).stdout.contains("release rate   7/s"))
            let redis = TestServers.redis()
            let rate = try await redis.send("HGET", RedisKeys(eventId: f.eventId).definition, "rate").string
            #expect(rate == "7")
            #expect(try await f.ctl("event", "close", id).status == 0)
            #expect(try await f.ctl("event", "show", id).stdout.contains("state          CLOSED"))
            let bad = try await f.ctl("event", "set-rate", id, "0")
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("releaseRate"))
            await redis.shutdown()
            await f.cleanup()
        }
    }

    @Test("sync rebuilds a lost Redis copy without offering more than stock minus issued")
    func sync() async throws {
        try await TestServers.withDatabase { client, db in
            let f = CtlFixture(database: db)
            _ = try await f.ctl("event", "apply", "-f", try f.eventsFile(stock: 100))
            try await client.execute("UPDATE coupon_event SET issued_count = 30 WHERE id = \(f.eventId)")
            let redis = TestServers.redis()
            let keys = RedisKeys(eventId: f.eventId)
            for key in keys.all { _ = try await redis.send("DEL", key) }
            #expect(try await f.ctl("event", "show", String(f.eventId)).stdout.contains("no runtime copy"))
            let synced = try await f.ctl("event", "sync", String(f.eventId))
            #expect(synced.status == 0, "\(synced.stderr)")
            #expect(try await redis.send("HGET", keys.counters, "released").string == "30")
            #expect(try await redis.send("HGET", keys.definition, "stock").string == "100")
            await redis.shutdown()
            await f.cleanup()
        }
    }

    @Test("bad input and unreachable servers: one line on stderr, non-zero exit")
    func failures() async throws {
        try await TestServers.withDatabase { _, db in
            let f = CtlFixture(database: db)
            let unknown = try await f.ctl("event", "show", "424242")
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("event 424242 not found"))
            let badFile = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(f.eventId).yaml").path
            try "events:\n  - id: 5\n    name: x\n    stock: 0\n".write(toFile: badFile, atomically: true, encoding: .utf8)
            let invalid = try await f.ctl("event", "apply", "-f", badFile)
            #expect(invalid.status != 0)
            #expect(invalid.stderr.contains("events[0]"))
            let missing = try await f.ctl("event", "apply", "-f", "/nonexistent/events.yaml")
            #expect(missing.stderr.contains("cannot read /nonexistent/events.yaml"))
            let create = try await f.ctl(
                "event", "create", "--id", "9", "--name", "x", "--stock", "0", "--open-at", "now", "--close-at", "+1h",
                "--rate", "10", "--fixed", "100")
            #expect(create.status != 0)
            #expect(create.stderr.contains("stock"))
            let down = try await Executables.run(
                "rediclaimctl", ["event", "list"],
                environment: f.environment.merging(["REDICLAIM_MYSQL_URL": "mysql://u@127.0.0.1:1/x"]) { _, n in n })
            #expect(down.status != 0)
            #expect(down.stderr.contains("127.0.0.1:1"))
            #expect(down.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test("the shipped config/events.yaml parses")
    func shippedEventsFile() throws {
        let events = try EventFile.load(path: TestStack.projectRoot.appendingPathComponent("config/events.yaml").path)
        #expect(events.map(\.id) == [1001])
    }

    @Test("time arguments: ISO-8601, now and +durations")
    func timeArguments() throws {
        let now = Date(timeIntervalSince1970: 1_000)
        #expect(try TimeArgument.parse("now", field: "t", now: now, base: nil) == now)
        #expect(try TimeArgument.parse("+2h", field: "t", now: now, base: nil) == now.addingTimeInterval(7_200))
        #expect(try TimeArgument.parse("+30m", field: "t", now: now, base: now.addingTimeInterval(10)) == now.addingTimeInterval(1_810))
        #expect(try TimeArgument.parse("1970-01-01T00:16:40Z", field: "t", now: now, base: nil) == now)
        #expect(throws: CtlError.self) { try TimeArgument.parse("tomorrow", field: "t", now: now, base: nil) }
    }
}
