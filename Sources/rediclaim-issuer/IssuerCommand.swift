import ArgumentParser
import Logging
import RediclaimConfig

/// Entry point of `rediclaim-issuer`.
@main
struct IssuerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rediclaim-issuer",
        abstract: "Consumes issue requests from Kafka and writes coupons to MySQL exactly once in effect.",
        version: RediclaimVersion.current)

    @OptionGroup var config: ConfigOptions

    func run() async throws {
        let settings = try config.load()
        LoggingSetup.bootstrap(settings.log)
        let logger = Logger(label: "rediclaim.issuer")
        logger.info("rediclaim-issuer \(RediclaimVersion.current) configured")
        throw ValidationError("rediclaim-issuer: the service itself is not built yet")
    }
}
