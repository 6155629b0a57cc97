import Foundation
import Glibc
import Synchronization

/// A redis-server of the test's own on a free port, for tests that kill, flush or reconfigure a
/// server; the shared stack's Redis is never touched that way. Call `stop()` when done.
public final class PrivateRedis: Sendable {
    public let port: Int
    private let process = Mutex<pid_t?>(nil)

    public init(port: Int? = nil, arguments: [String] = []) async throws {
        self.port = try port ?? LocalPorts.free()
        let executable = try Self.executable("redis-server")
        let spawned = try PosixSpawn.start(executable, [
            "--port", String(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", FileManager.default.temporaryDirectory.path, "--daemonize", "no", "--logfile", "",
        ] + arguments)
        process.withLock { $0 = spawned }

        let deadline = ContinuousClock.now + .seconds(5)
        while !LocalPorts.accepts(self.port) {
            guard ContinuousClock.now < deadline else {
                await stop()
                throw PrivateRedisError("redis-server did not start on port \(self.port)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends `signal` to the server: SIGSTOP freezes it (clients time out), SIGCONT thaws it.
    public func send(signal: Int32) {
        if let pid = process.withLock({ $0 }) { kill(pid, signal) }
    }

    /// SIGTERM (nothing is saved), then waits without blocking the thread pool; SIGKILL after 3 s.
    public func stop() async {
        guard let pid = process.withLock({ $0 }) else { return }
        kill(pid, SIGTERM)
        for _ in 0..<150 {
            if waitpid(pid, nil, WNOHANG) == pid {
                process.withLock { $0 = nil }
                return
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        kill(pid, SIGKILL)
        waitpid(pid, nil, 0)
        process.withLock { $0 = nil }
    }

    deinit {
        // Safety net for a test that threw before stop(): SIGKILL cannot be ignored, so the wait is short.
        if let pid = process.withLock({ $0 }) {
            kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
        }
    }

    private static func executable(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin"] {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        }
        throw PrivateRedisError("\(name) not found on PATH; install redis-server")
    }
}

public struct PrivateRedisError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
