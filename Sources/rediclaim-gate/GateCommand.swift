import ArgumentParser
import Logging
import NIOCore
import NIOPosix
import RediclaimConfig
import RediclaimGate
import RediclaimKafka

/// Entry point of `rediclaim-gate`.
@main
struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rediclaim-gate",
        abstract: "The waiting-room front door: enqueue, rank, release ticker into Kafka.",
        version: RediclaimVersion.current)

    @OptionGroup var config: ConfigOptions

    @Flag(help: "Serve HTTP only: no release ticker, no result consumer (for running extra read replicas)")
    var noTicker = false

    func run() async throws {
        let settings = try config.load()
        LoggingSetup.bootstrap(settings.log)
        let logger = Logger(label: "rediclaim.gate")
        logger.info(
            "starting rediclaim-gate",
            metadata: [
                "version": "\(RediclaimVersion.current)", "librdkafka": "\(Kafka.librdkafkaVersion)",
                "listen": "\(settings.gate.host):\(settings.gate.port)", "redis": "\(settings.redis.displayURL)",
                "kafka": "\(settings.kafka.brokers)",
            ])
        if settings.gate.tasksOnEventLoops {
            // Swift tasks then run on the HTTP server's event loops (NIO's singleton group, which the Redis
            // connections use too): a request, its Redis round trip and its answer stay on one thread.
            // Off by default: scripts/bench/tasks-ab.sh measured it no faster than the cooperative pool.
            let installed = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
            if !installed { logger.warning("cannot run tasks on the event loops on this platform; using the cooperative pool") }
        }
        if Kafka.isOutdatedLibrdkafka {
            logger.warning("librdkafka \(Kafka.librdkafkaVersion) cannot talk to Tansu or newer brokers; use >= 2.1 (see README)")
        }
        var options = GateBuildOptions()
        options.releases = !noTicker
        try await buildGate(configuration: settings, logger: logger, options: options).run()
        logger.info("rediclaim-gate stopped")
    }
}
