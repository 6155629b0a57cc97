import ArgumentParser

/// Load generators for the bridge benchmarks; `scripts/bench/bridges.sh` drives them.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rediclaim-bench",
        abstract: "Measures the Redis, Kafka and MariaDB bridges; prints one JSON object per run.",
        subcommands: [RedisBench.self, KafkaBench.self, MySQLBench.self])
}
