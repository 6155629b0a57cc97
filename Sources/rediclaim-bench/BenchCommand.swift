import ArgumentParser

/// Load generators for the benchmarks (`scripts/bench/`): the bridges, and token files for the gate.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rediclaim-bench",
        abstract: "Measures the Redis, Kafka and MariaDB bridges and makes JWT files for the gate benchmark.",
        subcommands: [RedisBench.self, KafkaBench.self, MySQLBench.self, TokenFiles.self, CohortBench.self])
}
