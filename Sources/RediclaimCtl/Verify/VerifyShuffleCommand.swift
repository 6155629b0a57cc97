import ArgumentParser
import Foundation
import RediclaimConfig
import RediclaimStore

/// `rediclaimctl verify-shuffle EVENT`: recomputes an opening's order from the revealed seed and checks it
/// against the release log and the published commitment; exit 1 on any difference.
struct VerifyShuffleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-shuffle",
        abstract: "Check a pre-queue opening: the seed matches its commitment, and the cohort was released in the seeded order (exit 1 otherwise).")

    @OptionGroup var config: ConfigOptions
    @Argument(help: "Event id") var eventId: Int64

    func run() async throws {
        let (audit, log) = try await CtlContext.run(config) { ctx in
            let record = try await ctx.events().get(eventId)
            let audit = try await CohortAudit.gather(record, ctx)
            return (audit, try await WaitingRoom(redis: try ctx.redis()).releaseLog(eventId: eventId))
        }
        guard let cohort = audit.cohort else {
            print("event \(eventId) has formed no cohort (no pre-queue, or it has not opened yet): nothing to verify")
            throw ExitCode.failure
        }
        let released = log.filter { $0.score.seq <= Int64(cohort) }.count
        print("seed        \(audit.seed?.hex ?? "(none)")")
        print("commitment  \(audit.seed?.commitment ?? "(none)")  (published: \(audit.publishedCommitment ?? "no Redis copy"))")
        print("cohort      \(cohort) users, \(released) released so far")
        let problems = audit.problems(log)
        if problems.isEmpty {
            print("OK: the commitment matches the seed and the \(released) cohort releases follow the seeded order")
            return
        }
        print("FAIL: \(problems.count) differences (first 10):")
        for p in problems.prefix(10) { print("  - \(p)") }
        throw ExitCode.failure
    }
}
