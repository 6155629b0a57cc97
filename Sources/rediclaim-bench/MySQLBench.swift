import ArgumentParser

// Placeholder: replaced when the MySQL bridge lands with its benchmark.
struct MySQLBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mysql")
    func run() async throws { throw ValidationError("the MySQL benchmark is not built yet") }
}
