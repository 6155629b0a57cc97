import ArgumentParser

/// Load generators for the benchmarks (`scripts/bench/`): the bridges, token files for the gate, and spikes.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rediclaim-bench",
        abstract: "Measures the Redis, Kafka and MariaDB bridges and the cohort placement, makes JWT files for the gate benchmark, and runs spikes of simulated users.",
        subcommands: [RedisBench.self, KafkaBench.self, MySQLBench.self, TokenFiles.self, CohortBench.self, SpikeCommand.self])
}
