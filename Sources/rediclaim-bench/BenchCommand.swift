import ArgumentParser

/// Load generators for the benchmarks (`scripts/bench/`): the bridges, token files for the gate, and spikes.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rediclaim-bench",
        abstract: "Measures the Redis, Kafka and MariaDB bridges, makes JWT files for the gate benchmark, runs spikes of simulated users, and places pre-queue cohorts.",
        subcommands: [RedisBench.self, KafkaBench.self, MySQLBench.self, TokenFiles.self, SpikeCommand.self, CohortBench.self])
}
