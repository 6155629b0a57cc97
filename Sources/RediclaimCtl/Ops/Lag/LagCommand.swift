import ArgumentParser
import Foundation
import RediclaimConfig
import RediclaimKafka

/// `rediclaimctl lag`: how far the issuer (request topic) and the gate (result topic) trail.
struct LagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lag",
        abstract: "Consumer lag of the issuer and gate result groups: per partition, totals, rate and time to drain.",
        discussion: """
            Lag is the partition's end offset minus the group's committed offset. Rates come from two
            readings (--sample apart, or consecutive refreshes with --watch). A partition with lag that
            did not move between readings is marked "no progress". Exit codes: 0, 1 when --max-lag is
            exceeded, 2 when Kafka cannot be read.
            """)

    @OptionGroup var config: ConfigOptions
    @OptionGroup var watching: WatchOptions
    @Option(help: "Seconds between the two readings that measure the rate") var sample: Double = 1
    @Option(help: "Exit 1 when a group's total lag is above this many messages") var maxLag: Int64?
    @Flag(help: "JSON output") var json = false

    func validate() throws {
        if json && watching.watch { throw ValidationError("--watch redraws a terminal; use --json without it in scripts") }
        guard sample >= 0 && sample <= 60 else { throw ValidationError("--sample must be 0...60 seconds") }
    }

    struct Output: Encodable {
        let groups: [GroupLag]
        let sampledSeconds: Double
    }

    func run() async throws {
        let groups = try await OpsRun.run(config) { ctx in
            try await ctx.withKafkaAdmin { admin in
                let targets = [
                    ("issuer", ctx.config.issuer.groupId, ctx.config.kafka.requestTopic),
                    ("gate", ctx.config.gate.resultGroup, ctx.config.kafka.resultTopic),
                ]
                func take() async throws -> [LagSnapshot] {
                    var snapshots: [LagSnapshot] = []
                    for (role, group, topic) in targets {
                        snapshots.append(try await LagSnapshot.take(role: role, group: group, topic: topic, admin: admin))
                    }
                    return snapshots
                }
                var previous: [LagSnapshot]?
                var latest: [GroupLag] = []
                if watching.watch {
                    try await watching.loop { _ in
                        let now = try await take()
                        latest = now.enumerated().map { GroupLag($0.element, previous: previous?[$0.offset]) }
                        previous = now
                        return Self.render(latest)
                    }
                    return latest
                }
                Progress().note("reading committed offsets and end offsets (twice, \(WatchOptions.format(sample)) s apart) ...")
                let first = try await take()
                try await Task.sleep(for: .milliseconds(Int(sample * 1000)))
                let second = try await take()
                return second.enumerated().map { GroupLag($0.element, previous: first[$0.offset]) }
            }
        }
        if json {
            try JSONOutput.print(Output(groups: groups, sampledSeconds: sample))
        } else if !watching.watch {
            print(Self.render(groups))
        }
        if let maxLag, groups.contains(where: { $0.totalLag > maxLag }) {
            Progress.line("lag above --max-lag \(maxLag)")
            throw OpsExit.findings
        }
    }

    static func render(_ groups: [GroupLag]) -> String {
        groups.map { $0.render() }.joined(separator: "\n\n")
    }
}
