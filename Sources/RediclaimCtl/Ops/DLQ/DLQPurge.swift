import ArgumentParser
import Foundation
import RediclaimConfig
import RediclaimCore
import RediclaimStore

/// `dlq purge --before TIME --yes`: hides old dead letters from list and replay.
struct DLQPurge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Purge dead letters that failed before a time (needs --yes).",
        discussion: """
            Per partition, dead letters from the oldest up to the first one that failed at or after
            --before are purged: a mark in MySQL (table dlq_purge) that list and replay honour, since
            Tansu cannot delete records. Without --yes it prints what would be purged and exits 1.
            """)

    @OptionGroup var config: ConfigOptions
    @OptionGroup var which: DLQKindOption
    // Unconditional: `-24h` is a value here, not a flag.
    @Option(parsing: .unconditional, help: "Purge what failed before this: ISO-8601, 'now', or -N[s|m|h|d] ago (e.g. -24h)")
    var before: String
    @Flag(help: "Really purge") var yes = false
    @Flag(help: "JSON output") var json = false

    /// What a purge covers in one partition.
    struct Plan: Encodable {
        let partition: Int32
        let purgeBelow: Int64
        let deadLetters: Int
        let neverReplayed: Int
    }

    struct Output: Encodable {
        let topic: String
        let before: String
        let purged: Bool
        let partitions: [Plan]
    }

    func validate() throws {
        _ = try Self.parseBefore(before, now: Date())
    }

    func run() async throws {
        let cutoff = try Self.parseBefore(before, now: Date())
        let output = try await OpsRun.run(config) { ctx in
            let contents = try await DLQReader(ctx: ctx, kind: which.kind).read()
            let plans = Self.plan(contents.items, beforeMs: Timestamps.epochMillis(cutoff))
            if yes {
                let ledger = DeadLetterLedger(client: try ctx.mysql())
                for plan in plans { try await ledger.purge(topic: contents.topic, partition: plan.partition, before: plan.purgeBelow) }
            }
            return Output(topic: contents.topic, before: Timestamps.iso8601(cutoff), purged: yes, partitions: plans)
        }
        let total = output.partitions.reduce(0) { $0 + $1.deadLetters }
        if json {
            try JSONOutput.print(output)
        } else {
            let never = output.partitions.reduce(0) { $0 + $1.neverReplayed }
            let verb = yes ? "purged" : "would purge"
            print("\(verb) \(Figures.count(total)) dead letter\(total == 1 ? "" : "s") of \(output.topic) that failed before \(output.before) (\(never) never replayed)")
            for p in output.partitions { print("  partition \(p.partition): below offset \(p.purgeBelow) (\(p.deadLetters))") }
        }
        if !yes && total > 0 {
            Progress.line("nothing purged: add --yes to purge")
            throw OpsExit.findings
        }
    }

    /// Per partition, the first offset that failed at or after `beforeMs` (or past the last one read).
    static func plan(_ items: [DLQItem], beforeMs: Int64) -> [Plan] {
        let byPartition = Dictionary(grouping: items, by: \.id.partition)
        return byPartition.keys.sorted().compactMap { partition in
            let ordered = (byPartition[partition] ?? []).sorted { $0.id.offset < $1.id.offset }
            let old = ordered.prefix { $0.failedAtMs < beforeMs }
            guard let last = old.last else { return nil }
            return Plan(
                partition: partition, purgeBelow: last.id.offset + 1, deadLetters: old.count,
                neverReplayed: old.filter { $0.replay == nil }.count)
        }
    }

    /// ISO-8601, `now`, or `-N[s|m|h|d]` before now.
    static func parseBefore(_ text: String, now: Date) throws -> Date {
        do {
            if text.hasPrefix("-") {
                let ahead = try TimeArgument.parse("+" + text.dropFirst(), field: "--before", now: now, base: now)
                return now.addingTimeInterval(-ahead.timeIntervalSince(now))
            }
            return try TimeArgument.parse(text, field: "--before", now: now, base: nil)
        } catch {
            throw ValidationError("--before '\(text)' is not an ISO-8601 time (2026-12-01T09:00:00Z), 'now' or -N[s|m|h|d]")
        }
    }
}
