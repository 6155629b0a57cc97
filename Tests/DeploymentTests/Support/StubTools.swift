import Foundation

/// A PATH of stand-ins for docker, kind, kubectl and curl (plus the real basics the scripts use), so
/// the Kind scripts can run start to finish here. Each stand-in appends its arguments to a log.
final class StubTools {
    let directory: URL
    var log: URL { directory.appendingPathComponent("calls.log") }

    /// Real tools the scripts need besides the stubbed ones.
    static let basics = ["bash", "dirname", "grep", "sed", "date", "sleep", "cat", "rm", "mkdir"]

    /// `stubs`: tool name -> bash body run with the tool's arguments (`$*`); `CALLS` is the log.
    init(_ stubs: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("stubs-\(UUID().uuidString)")
        let bin = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try Data().write(to: log)
        for tool in Self.basics {
            let real = try DeployPaths.systemTool(tool, installHint: "a basic tool the scripts use")
            try FileManager.default.createSymbolicLink(
                atPath: bin.appendingPathComponent(tool).path, withDestinationPath: real)
        }
        for (tool, body) in stubs {
            let script = """
                #!\(try DeployPaths.systemTool("bash", installHint: "bash"))
                CALLS='\(log.path)'
                echo "\(tool) $*" >>"$CALLS"
                \(body)
                """
            let url = bin.appendingPathComponent(tool)
            try script.write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Runs a project script with only the stubs and basics on PATH.
    func run(_ script: String, arguments: [String] = [], environment extra: [String: String] = [:]) async throws -> ToolOutput {
        let bash = try DeployPaths.systemTool("bash", installHint: "bash")
        var env = ["PATH": directory.appendingPathComponent("bin").path, "HOME": directory.path]
        // No venv kubectl fallback: the run directory is empty.
        env["REDICLAIM_RUN_DIR"] = directory.appendingPathComponent("run").path
        env.merge(extra) { $1 }
        let envTool = try DeployPaths.systemTool("env", installHint: "coreutils")
        return try await Tool.run(
            envTool, ["-i"] + env.map { "\($0.key)=\($0.value)" } + [bash, DeployPaths.file(script).path] + arguments,
            in: DeployPaths.root, timeout: .seconds(40))
    }

    /// The logged calls, one line each: `tool arg arg...`.
    func calls() throws -> [String] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}
