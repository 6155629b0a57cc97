import ArgumentParser
import Logging
import RediclaimConfig
import RediclaimIssuer
import RediclaimKafka

/// Entry point of `rediclaim-issuer`.
@main
struct IssuerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rediclaim-issuer",
        abstract: "Consumes issue requests from Kafka and writes coupons to MySQL exactly once in effect.",
        version: RediclaimVersion.current,
        subcommands: [Run.self, LoadRequests.self],
        defaultSubcommand: Run.self)

    /// The issuer itself (the default subcommand).
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Run the issuer until SIGTERM/SIGINT.")

        @OptionGroup var config: ConfigOptions

        func run() async throws {
            let settings = try config.load()
            LoggingSetup.bootstrap(settings.log)
            let logger = Logger(label: "rediclaim.issuer")
            logger.info(
                "rediclaim-issuer starting",
                metadata: ["version": .string(RediclaimVersion.current), "librdkafka": .string(Kafka.librdkafkaVersion)])
            if Kafka.isOutdatedLibrdkafka {
                logger.warning("this librdkafka is too old for some brokers (Tansu); put a 2.x first on LD_LIBRARY_PATH")
            }
            try await buildIssuer(configuration: settings, logger: logger).run()
        }
    }
}
