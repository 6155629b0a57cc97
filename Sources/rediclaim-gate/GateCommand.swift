import ArgumentParser
import Logging
import RediclaimConfig

/// Entry point of `rediclaim-gate`.
@main
struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rediclaim-gate",
        abstract: "The waiting-room front door: enqueue, rank, release ticker into Kafka.",
        version: RediclaimVersion.current)

    @OptionGroup var config: ConfigOptions

    func run() async throws {
        let settings = try config.load()
        LoggingSetup.bootstrap(settings.log)
        let logger = Logger(label: "rediclaim.gate")
        logger.info("rediclaim-gate \(RediclaimVersion.current) configured")
        throw ValidationError("rediclaim-gate: the service itself is not built yet")
    }
}
