import Foundation
import Glibc

/// posix_spawn with an empty signal mask and default dispositions: threads of the Swift runtime block
/// signals, and a child spawned from one would otherwise ignore SIGTERM (and so would its daemons).
enum PosixSpawn {
    /// Starts `program arguments...` with stdin from /dev/null and stdout and stderr to `output`
    /// (nil: /dev/null); `environment` as `KEY=value` lines, nil to inherit this process's.
    static func start(_ program: String, _ arguments: [String], environment: [String]? = nil, output: String? = nil) throws -> pid_t {
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
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup($0) } + [nil] }
        defer {
            for argument in argv { free(argument) }
            for variable in envp ?? [] { free(variable) }
        }
        var pid = pid_t()
        let status = envp.map { envp in posix_spawn(&pid, program, &actions, &attributes, argv, envp) }
            ?? posix_spawn(&pid, program, &actions, &attributes, argv, environ)
        guard status == 0 else { throw PrivateRedisError("cannot start \(program): errno \(status)") }
        return pid
    }
}
