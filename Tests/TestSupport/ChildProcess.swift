import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One of the project's executables run as a child process, configured with `--set`.
public final class ChildProcess: @unchecked Sendable {
    let process = Process()
    let logURL: URL

    /// Starts `executable arguments...` with `settings` (key=value) as `--set` flags; output goes to a log file.
    public init(_ executable: String, _ arguments: [String] = [], settings: [String], name: String) throws {
        let binary = try Self.binary(executable)
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("\(uniqueName(name)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments + settings.flatMap { ["--set", $0] }
        // The stack's REDICLAIM_* variables would mix with --set; keep only the loader path and the like.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("REDICLAIM_") }
        environment["LD_LIBRARY_PATH"] = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] ?? ""
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// `.build/<config>/<name>`, beside the test bundle (`swift build --build-tests` builds both).
    public static func binary(_ name: String) throws -> String {
        let candidates = [
            Executables.binDirectory.appendingPathComponent(name).path,
            TestStack.projectRoot.appendingPathComponent(".build/debug/\(name)").path,
        ]
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        return try #require(found, "\(name) not built; run `swift build --build-tests` (looked in \(candidates))")
    }

    public var isRunning: Bool { process.isRunning }

    public func signal(_ number: Int32) {
        if process.isRunning { kill(process.processIdentifier, number) }
    }

    /// Waits for the exit; nil if still running after `timeout`.
    public func waitForExit(timeout: Duration = .seconds(30)) async -> Int32? {
        let end = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    public var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// SIGKILL if still running (a test that failed midway must not leave it behind).
    public func terminate() {
        signal(SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: logURL)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
