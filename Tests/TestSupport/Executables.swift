import Foundation
import RediclaimConfig

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

    /// `key=value` settings (as `--set` takes them) as the environment variables `rediclaimctl` reads.
    public static func environment(settings: [String]) throws -> [String: String] {
        var environment: [String: String] = [:]
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let key = ConfigKeys.key(named: parts[0]) else {
                throw PrivateRedisError("not a known setting: \(setting)")
            }
            environment[key.environmentVariable] = parts[1]
        }
        return environment
    }

    /// Runs the built executable `name` with `arguments` and extra environment to completion.
    public static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        try await runTool(binDirectory.appendingPathComponent(name).path, arguments, environment: environment)
    }

    /// Runs a project script (e.g. `scripts/k6.sh`) from the project root with bash.
    public static func runScript(_ path: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> Result
    {
        try await runTool("/bin/bash", [TestStack.projectRoot.appendingPathComponent(path).path] + arguments, environment: environment)
    }

    /// Runs any program by path to completion, capturing its output. The waiting happens on a Dispatch
    /// thread, never on Swift's cooperative pool.
    public static func runTool(_ path: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> Result
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = TestStack.projectRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                // Both pipes are drained at once so a chatty child never blocks on a full pipe.
                let stderr = DataBox()
                let drained = DispatchGroup()
                DispatchQueue.global().async(group: drained) { stderr.data = err.fileHandleForReading.readDataToEndOfFile() }
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                drained.wait()
                continuation.resume(
                    returning: Result(
                        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                        stderr: String(decoding: stderr.data, as: UTF8.self)))
            }
        }
    }

    /// Written by one Dispatch thread, read after `DispatchGroup.wait()`.
    private final class DataBox: @unchecked Sendable {
        var data = Data()
    }
}
