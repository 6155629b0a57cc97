import ArgumentParser
import RediclaimConfig

/// Entry point of `rediclaimctl`, the operator's tool.
@main
struct CtlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rediclaimctl",
        abstract: "Operate Rediclaim: migrations, events, DLQ, lag, stats, reconcile, verify.",
        version: RediclaimVersion.current,
        subcommands: [ConfigCommand.self])
}

/// `rediclaimctl config`: shows the effective settings.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Print the effective settings (secrets masked).")

    @OptionGroup var config: ConfigOptions

    func run() async throws {
        let settings = try config.load()
        print(settings.values.rendered())
    }
}
