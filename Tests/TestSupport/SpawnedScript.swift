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
        let pid = try spawn(script, arguments, environment: merged.map { "\($0.key)=\($0.value)" }, log: log)
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

    /// posix_spawn with an empty signal mask and default dispositions, so the script's daemons obey SIGTERM.
    private static func spawn(_ executable: String, _ arguments: [String], environment: [String], log: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv: [UnsafeMutablePointer<CChar>?] = (["/bin/bash", executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for argument in argv { free(argument) }
            for variable in envp { free(variable) }
        }
        var pid = pid_t()
        let status = posix_spawn(&pid, "/bin/bash", &actions, &attributes, argv, envp)
        guard status == 0 else { throw PrivateRedisError("cannot start \(executable): errno \(status)") }
        return pid
    }
}
