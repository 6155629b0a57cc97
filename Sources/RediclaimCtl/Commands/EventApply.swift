import ArgumentParser
import RediclaimConfig
import RediclaimStore

/// `event apply -f FILE`: creates or updates every event of a YAML file; idempotent.
struct EventApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Create or update the events of a YAML file (idempotent).")

    @OptionGroup var config: ConfigOptions
    @Option(name: .shortAndLong, help: "Events YAML file (see config/events.yaml)") var file: String
    @Flag(help: "JSON output") var json = false

    struct Outcome: Encodable {
        var id: Int64
        var outcome: String
    }

    func run() async throws {
        // The whole file is validated before anything is written.
        let events = try EventFile.load(path: file)
        try await CtlContext.run(config) { ctx in
            var outcomes: [Outcome] = []
            for event in events {
                let outcome = try await ctx.events().apply(event)
                try await EventSync.publish(try await ctx.events().get(event.id), ctx, fresh: outcome == .created)
                outcomes.append(Outcome(id: event.id, outcome: outcome.rawValue))
                if !json { print("event \(event.id) (\(event.name)): \(outcome.rawValue)") }
            }
            if json { try JSONOutput.print(outcomes) }
        }
    }
}
