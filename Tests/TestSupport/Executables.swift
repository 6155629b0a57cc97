import Foundation

/// Runs the project's built executables (they sit next to the test bundle after `swift build --build-tests`).
public enum Executables {
    /// The directory holding the test bundle, and so the executables of the same build.
    public static var binDirectory: URL {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["REDICLAIM_BIN_DIR"] { return URL(fileURLWithPath: explicit) }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // Linux: .build/debug/RediclaimPackageTests.xctest is the runner itself.
        while url.pathComponents.count > 1 && !FileManager.default.fileExists(atPath: url.appendingPathComponent("rediclaimctl").path) {
            url.deleteLastPathComponent()
            if url.lastPathComponent == "debug" || url.lastPathComponent == "release" { break }
        }
        return url
    }

    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `name` with `arguments` and extra environment to completion.
    public static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = binDirectory.appendingPathComponent(name)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
