import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `rediclaim-issuer` binary run as a child process, configured with `--set`.
final class IssuerProcess: @unchecked Sendable {
    let process = Process()
    let logURL: URL

    /// Starts `rediclaim-issuer run` with `settings` (key=value); its output goes to a log file.
    init(_ settings: [String], name: String) throws {
        let binary = try Self.binary()
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("\(uniqueName(name)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run"] + settings.flatMap { ["--set", $0] }
        // The stack's REDICLAIM_* variables would mix with --set; keep only the loader path and the like.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("REDICLAIM_") }
        environment["LD_LIBRARY_PATH"] = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] ?? ""
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// `.build/<config>/rediclaim-issuer`, beside the test bundle (`swift build --build-tests` builds both).
    static func binary() throws -> String {
        var candidates: [String] = []
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("rediclaim-issuer").path)
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("rediclaim-issuer").path)
        candidates.append(TestStack.projectRoot.appendingPathComponent(".build/debug/rediclaim-issuer").path)
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        return try #require(found, "rediclaim-issuer not built; run `swift build --build-tests` (looked in \(candidates))")
    }

    var isRunning: Bool { process.isRunning }

    func signal(_ number: Int32) {
        if process.isRunning { kill(process.processIdentifier, number) }
    }

    /// Waits for the exit; nil if still running after `timeout`.
    func waitForExit(timeout: Duration = .seconds(30)) async -> Int32? {
        let end = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// SIGKILL if still running (a test that failed midway must not leave it behind).
    func terminate() {
        signal(SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: logURL)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
