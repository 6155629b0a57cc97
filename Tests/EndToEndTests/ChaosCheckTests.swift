import Foundation
import TestSupport
import Testing

/// scripts/lib/chaos_check.py on made-up runs: each kind of failure the chaos suite claims to catch is caught.
@Suite("The chaos checker catches what it claims to")
struct ChaosCheckTests {
    typealias Answer = [Any]

    struct Run {
        var stock = 1
        var users: [String: [Answer]] = [
            "u0": [[10, 202, "WAITING", 1, NSNull(), true, "E"], [600, 200, "ISSUED", 0, "C1", true, "R"]],
            "u1": [[20, 202, "WAITING", 2, NSNull(), true, "E"], [700, 200, "SOLD_OUT", 0, NSNull(), true, "R"]],
        ]
        var sweep: [String: Any] = ["u0": [900, 200, "ISSUED", 0, "C1", true, "R"], "u1": [901, 200, "SOLD_OUT", 0, NSNull(), true, "R"]]
        var rows = [["u0", "C1"]]
        var records = ["u0": "I|33554432|C1|1", "u1": "S|67108864"]
    }

    /// The names of the checks that failed.
    func failures(_ run: Run) async throws -> [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("chaoscheck"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func write(_ name: String, _ object: Any) throws -> String {
            let url = dir.appendingPathComponent(name)
            try JSONSerialization.data(withJSONObject: object).write(to: url)
            return url.path
        }
        let driver = try write("driver.json", ["users": run.users, "sweep": run.sweep, "elapsedMs": 1000])
        let verify = try write("verify.json", [["id": "I5", "passed": true, "summary": "2 releases checked", "examples": []]])
        let state = try write("state.json", ["rows": run.rows, "outcomes": [String: String](), "records": run.records])
        let runDir = ProcessInfo.processInfo.environment["REDICLAIM_RUN_DIR"].map { URL(fileURLWithPath: $0) }
            ?? TestStack.projectRoot.appendingPathComponent(".run")
        let result = try await Executables.runTool(
            runDir.appendingPathComponent("venv/bin/python").path,
            [TestStack.projectRoot.appendingPathComponent("scripts/lib/chaos_check.py").path, "--driver", driver, "--verify", verify,
             "--state", state, "--event", "1", "--stock", String(run.stock), "--users", String(run.users.count)])
        try #require(result.status == 0, "chaos_check.py failed: \(result.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let checks = try #require(doc["checks"] as? [[String: Any]])
        #expect(checks.count == 9)
        let failed = checks.filter { $0["passed"] as? Bool == false }.compactMap { $0["check"] as? String }
        #expect((doc["passed"] as? Bool) == failed.isEmpty)
        return failed
    }

    @Test("a clean run passes every check")
    func clean() async throws {
        #expect(try await failures(Run()).isEmpty)
    }

    @Test("a coupon holder told SOLD_OUT, or told NOT_IN_QUEUE on a later look, is caught")
    func contradictions() async throws {
        var run = Run()
        run.users["u0"]?.append([800, 200, "SOLD_OUT", 0, NSNull(), true, "R"])
        #expect(try await failures(run) == ["no contradictory answers"])
        var later = Run()
        later.sweep["u0"] = [900, 404, "NOT_IN_QUEUE", NSNull(), NSNull(), true, "R"]
        #expect(try await failures(later) == ["no contradictory answers"])
    }

    @Test("undersell, a row nobody was told about, and a user left RELEASED are caught")
    func outcomes() async throws {
        var undersold = Run()
        undersold.stock = 2
        #expect(try await failures(undersold) == ["issued = min(stock, users)"])
        var untold = Run()
        untold.rows.append(["u1", "C2"])
        untold.stock = 2
        #expect(try await failures(untold).contains("every row's user told ISSUED with its code"))
        var stuck = Run()
        stuck.records["u1"] = "R|67108864|5"
        #expect(try await failures(stuck) == ["every released user final; every client answered"])
    }

    @Test("a rank going up, a 5xx without a JSON body and EVENT_NOT_FOUND are caught; a new stay in the queue may rank anew")
    func answers() async throws {
        var up = Run()
        up.users["u1"]?.insert([30, 200, "WAITING", 3, NSNull(), true, "R"], at: 1)
        #expect(try await failures(up) == ["rank never goes up"])
        var again = Run()
        again.users["u1"]?.insert(contentsOf: [[30, 404, "NOT_IN_QUEUE", NSNull(), NSNull(), true, "R"], [40, 202, "WAITING", 3, NSNull(), true, "E"]], at: 1)
        #expect(try await failures(again).isEmpty)
        var bare = Run()
        bare.users["u1"]?.insert([30, 500, NSNull(), NSNull(), NSNull(), false, "R"], at: 1)
        #expect(try await failures(bare) == ["no 5xx without a JSON body"])
        var gone = Run()
        gone.users["u1"]?.insert([30, 404, "EVENT_NOT_FOUND", NSNull(), NSNull(), true, "E"], at: 1)
        #expect(try await failures(gone) == ["never told the event does not exist"])
    }
}
