import ArgumentParser
import Foundation
import RediclaimConfig

/// `rediclaimctl reconcile EVENT [--repair]`: compares Redis, MySQL and the result topic.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare Redis, MySQL and the result topic for one event; --repair fixes what is safe to fix.",
        discussion: """
            Safe during a live campaign: users released, issued or answered within --grace are not judged,
            and every repair is idempotent (results and requests are re-published, the gate and the issuer
            ignore repeats; statuses are written with the gate's own script; issued_count is recomputed
            under the event row lock). After repairs it waits (--wait) for re-published requests to be
            answered and reads everything again. Exit codes: 0 clean, or everything found was repaired
            and the re-check is clean; 1 mismatches remain; 2 a server could not be read.
            """)

    @OptionGroup var config: ConfigOptions
    @Argument(help: "Event id") var eventId: Int64
    @Flag(help: "Fix what is safe to fix, then check again") var repair = false
    @Option(help: "Leave out users active more recently than this: 30s, 2m, 0s") var grace = "30s"
    @Option(help: "With --repair: how long to wait for re-published requests to be answered") var wait = "60s"
    @Flag(help: "JSON output") var json = false

    func validate() throws {
        _ = try Self.duration(grace, "--grace")
        _ = try Self.duration(wait, "--wait")
    }

    func run() async throws {
        let graceMs = try Self.duration(grace, "--grace")
        let waitMs = try Self.duration(wait, "--wait")
        let progress = Progress()
        let report = try await OpsRun.run(config) { ctx in
            let data = try await ReconcileData.gather(eventId, ctx, progress: progress)
            let found = MismatchFinder.find(data, graceMs: graceMs)
            guard repair, !found.isClean else {
                return ReconcileReport(
                    eventId: eventId, graceSeconds: Double(graceMs) / 1000, issuerLag: data.issuerLag,
                    found: .init(found), repairs: nil, unanswered: nil, recheck: nil)
            }
            var repairer = ReconcileRepair(ctx: ctx, data: data, progress: progress)
            let done = try await repairer.run(found)
            let unanswered = try await repairer.awaitAnswers(timeout: .milliseconds(waitMs))
            progress.note("checking again ...")
            let again = MismatchFinder.find(try await ReconcileData.gather(eventId, ctx, progress: progress), graceMs: graceMs)
            return ReconcileReport(
                eventId: eventId, graceSeconds: Double(graceMs) / 1000, issuerLag: data.issuerLag, found: .init(found),
                repairs: done, unanswered: unanswered, recheck: .init(again))
        }
        if json { try JSONOutput.print(report) } else { print(report.render()) }
        if !report.isClean { throw OpsExit.findings }
    }

    /// `500ms`, `30s`, `2m`, `1h` (a bare number is seconds) in milliseconds.
    static func duration(_ text: String, _ flag: String) throws -> Int64 {
        let units: [(String, Double)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let n = Double(text.dropLast(suffix.count)), n >= 0 { return Int64(n * factor) }
        }
        if let n = Double(text), n >= 0 { return Int64(n * 1_000) }
        throw ValidationError("\(flag) '\(text)' is not a duration such as 30s, 2m or 500ms")
    }
}
