import ArgumentParser
import Foundation
import RediclaimConfig
import RediclaimStore

/// `rediclaimctl stats EVENT`: one screen of live figures.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Live figures of one event: waiting, released, pending, issued, sold out, stock, release rate.",
        discussion: """
            Rates are measured between two readings of Redis's counters (--sample apart, or consecutive
            refreshes with --watch) on Redis's clock. Exit codes: 0, 2 when a server cannot be read.
            """)

    @OptionGroup var config: ConfigOptions
    @Argument(help: "Event id") var eventId: Int64
    @OptionGroup var watching: WatchOptions
    @Option(help: "Seconds between the two readings that measure the rates") var sample: Double = 1
    @Flag(help: "JSON output") var json = false

    func validate() throws {
        if json && watching.watch { throw ValidationError("--watch redraws a terminal; use --json without it in scripts") }
        guard sample >= 0 && sample <= 60 else { throw ValidationError("--sample must be 0...60 seconds") }
    }

    func run() async throws {
        let stats = try await OpsRun.run(config) { ctx in
            let room = WaitingRoom(redis: try ctx.redis())
            func take() async throws -> StatsSample {
                let record = try await ctx.events().get(eventId)
                let runtime = try ctx.runtime()
                let definition = try await runtime.definition(eventId)
                let counters = definition == nil ? nil : try await runtime.counters(eventId)
                return StatsSample(record: record, definition: definition, counters: counters, redisTimeMs: try await room.serverTimeMs())
            }
            func measured() async throws -> EventStats {
                let first = try await take()
                try await Task.sleep(for: .milliseconds(Int(sample * 1000)))
                return EventStats(try await take(), previous: first)
            }
            if watching.watch {
                var previous: StatsSample?
                var latest: EventStats?
                try await watching.loop { _ in
                    if previous == nil {
                        previous = try await take()
                        try await Task.sleep(for: .milliseconds(Int(sample * 1000)))
                    }
                    let now = try await take()
                    latest = EventStats(now, previous: previous)
                    previous = now
                    return latest?.render() ?? ""
                }
                return latest
            }
            Progress().note("reading event \(eventId) (twice, \(WatchOptions.format(sample)) s apart, to measure rates) ...")
            return try await measured()
        }
        guard !watching.watch, let stats else { return }
        if json { try JSONOutput.print(stats) } else { print(stats.render()) }
    }
}
