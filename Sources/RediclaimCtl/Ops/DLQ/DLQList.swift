import ArgumentParser
import Foundation
import RediclaimConfig
import RediclaimCore

/// `dlq list`: dead letters with reason, origin and age.
struct DLQList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Show dead letters: reason, original partition/offset, age, replayed or not.")

    @OptionGroup var config: ConfigOptions
    @OptionGroup var which: DLQKindOption
    @Option(help: "Show the newest N (0: all)") var limit = 50
    @Flag(help: "JSON output") var json = false

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
    }

    struct Output: Encodable {
        let topic: String
        let total: Int
        let replayed: Int
        let byErrorCode: [String: Int]
        /// Per partition (as text), the first offset not purged.
        let purgedBefore: [String: Int64]
        let entries: [DLQEntry]
    }

    func run() async throws {
        let (contents, nowMs) = try await OpsRun.run(config) { ctx in
            (try await DLQReader(ctx: ctx, kind: which.kind).read(), Timestamps.epochMillis(Date()))
        }
        let shown = limit == 0 ? contents.items[...] : contents.items.suffix(limit)
        let output = Output(
            topic: contents.topic, total: contents.items.count, replayed: contents.items.filter { $0.replay != nil }.count,
            byErrorCode: contents.items.reduce(into: [:]) { $0[$1.letter?.errorCode ?? "?", default: 0] += 1 },
            purgedBefore: Dictionary(uniqueKeysWithValues: contents.purgedBefore.map { (String($0.key), $0.value) }),
            entries: shown.map { $0.view(nowMs: nowMs) })
        if json { return try JSONOutput.print(output) }
        print(Self.render(output))
    }

    static func render(_ o: Output) -> String {
        let codes = o.byErrorCode.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
        var lines = [
            "\(Figures.count(o.total)) dead letter\(o.total == 1 ? "" : "s") in \(o.topic) (\(o.replayed) replayed)"
                + (codes.isEmpty ? "" : ": " + codes.joined(separator: ", "))
        ]
        for (partition, offset) in o.purgedBefore.sorted(by: { $0.key < $1.key }) {
            lines.append("partition \(partition) purged below offset \(offset)")
        }
        guard !o.entries.isEmpty else { return lines.joined(separator: "\n") }
        var table = Table("ID", "AGE", "ERROR", "ORIGIN", "KEY", "TRIES", "REPLAYED", "REASON")
        for e in o.entries {
            table.add(
                e.id, e.ageSeconds.map { Figures.duration($0) } ?? "-", e.errorCode,
                e.origin.map { "\($0.topic)[\($0.partition)]@\($0.offset)" } ?? "-", e.key ?? "-", e.attempts.map(String.init) ?? "-",
                e.replayed ? "yes\(e.replayCount > 1 ? " (\(e.replayCount)x)" : "")" : (e.notReplayable == nil ? "no" : "cannot"),
                String(e.error.prefix(80)))
        }
        lines.append(table.render())
        if o.entries.count < o.total {
            lines.append("showing the newest \(o.entries.count) of \(o.total) (--limit N, 0 for all)")
        }
        return lines.joined(separator: "\n")
    }
}
