import ArgumentParser

// Placeholder: replaced when the Kafka bridge lands with its benchmark.
struct KafkaBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kafka")
    func run() async throws { throw ValidationError("the Kafka benchmark is not built yet") }
}
