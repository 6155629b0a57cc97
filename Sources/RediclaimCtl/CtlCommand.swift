import ArgumentParser
import RediclaimConfig

/// `rediclaimctl`, the operator's tool.
public struct CtlCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rediclaimctl",
        abstract: "Operate Rediclaim: schema, topics, events, invariant checks, day-two operations.",
        version: RediclaimVersion.current,
        subcommands: [
            MigrateCommand.self, TopicsCommand.self, EventCommand.self, VerifyCommand.self, VerifyShuffleCommand.self, ConfigCommand.self, TokenCommand.self,
            LagCommand.self, StatsCommand.self, DLQCommand.self, ReconcileCommand.self,
        ])

    public init() {}
}

/// `rediclaimctl config`: shows the effective settings.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Print the effective settings (secrets masked).")

    @OptionGroup var config: ConfigOptions

    @Flag(help: "Print the reference of every key (built-in defaults) as a Markdown table, as in the README")
    var markdown = false

    func run() async throws {
        if markdown {
            print(ConfigKeys.markdownTable())
            return
        }
        print(try config.load().values.rendered())
    }
}
