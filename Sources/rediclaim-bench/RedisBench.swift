import ArgumentParser

// Placeholder: replaced when the Redis bridge lands with its benchmark.
struct RedisBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "redis")
    func run() async throws { throw ValidationError("the Redis benchmark is not built yet") }
}
