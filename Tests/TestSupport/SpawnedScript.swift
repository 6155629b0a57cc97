import Foundation
import Glibc

/// Runs a project script with posix_spawn and waitpid on a thread of its own, its output in a file.
/// For scripts that leave daemons behind (`scripts/redis-cluster.sh up`): Foundation's `Process` was
/// seen never to notice such a script's exit, leaving the test waiting forever.
public enum SpawnedScript {
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
    }

    /// `path` relative to the project root; `environment` is added to this process's environment.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String], log: String) async throws -> Result {
        let script = TestStack.projectRoot.appendingPathComponent(path).path
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pid = try PosixSpawn.start("/bin/bash", [script] + arguments, environment: merged.map { "\($0.key)=\($0.value)" }, output: log)
        // waitpid blocks: off the cooperative pool.
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                // WIFEXITED / WEXITSTATUS by hand: the C macros are not imported.
                continuation.resume(returning: status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
            }
        }
        return Result(status: status, output: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
}
