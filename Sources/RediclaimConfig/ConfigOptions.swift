import ArgumentParser

/// The flags every executable shares: config file, `--set key=value` overrides and `--print-config`.
public struct ConfigOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("config"), help: "YAML config file (default: $REDICLAIM_CONFIG, else built-in defaults)")
    public var file: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one setting, e.g. --set gate.port=8081 (repeatable)", valueName: "key=value"))
    public var overrides: [String] = []

    @Flag(name: .customLong("print-config"), help: "Print the effective settings (secrets masked) and exit")
    public var printConfig = false

    public init() {}

    /// Loads the settings; prints them and exits when `--print-config` was given.
    public func load() throws -> RediclaimConfiguration {
        let config: RediclaimConfiguration
        do {
            config = try RediclaimConfiguration.load(file: file, overrides: overrides)
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
        if printConfig {
            print(config.values.rendered())
            throw ExitCode.success
        }
        return config
    }
}
