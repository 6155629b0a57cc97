import Foundation
import Synchronization

/// What an external tool printed and how it exited.
struct ToolOutput: Sendable {
    let status: Int32
    let stdout: Data
    let stderr: String

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Both streams, for failure messages.
    var combined: String { stdoutText + (stderr.isEmpty ? "" : "\n" + stderr) }
}

/// Runs external tools (kubectl, ldd, shellcheck...) off the cooperative pool, with a time limit.
enum Tool {
    static func run(
        _ executable: String, _ arguments: [String], stdin: Data? = nil,
        in directory: URL? = nil, environment: [String: String]? = nil, timeout: Duration = .seconds(50)
    ) async throws -> ToolOutput {
        // The blocking waits run on a thread of their own; the continuation resumes once, from it.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ToolOutput, any Error>) in
            let thread = Thread {
                continuation.resume(
                    with: Result {
                        try runBlocking(
                            executable, arguments, stdin: stdin, in: directory, environment: environment, timeout: timeout)
                    })
            }
            thread.start()
        }
    }

    private static func runBlocking(
        _ executable: String, _ arguments: [String], stdin: Data?, in directory: URL?,
        environment: [String: String]?, timeout: Duration
    ) throws -> ToolOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        // nil inherits this process's environment; a dictionary is the whole environment.
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        do {
            try process.run()
        } catch {
            throw DeployCheckError("cannot start \(executable): \(error)")
        }

        // stdin and stderr are served concurrently with stdout, so no full pipe can stall the tool.
        let group = DispatchGroup()
        let stderrData = Mutex(Data())
        let timedOut = Mutex(false)
        DispatchQueue.global().async(group: group) {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            stderrData.withLock { $0 = data }
        }
        if let stdin {
            DispatchQueue.global().async(group: group) {
                try? input.fileHandleForWriting.write(contentsOf: stdin)
                try? input.fileHandleForWriting.close()
            }
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if process.isRunning {
                timedOut.withLock { $0 = true }
                process.terminate()
            }
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        if timedOut.withLock({ $0 }) {
            throw DeployCheckError("\(executable) \(arguments.joined(separator: " ")) took longer than \(timeout)")
        }
        return ToolOutput(
            status: process.terminationStatus, stdout: stdout,
            stderr: String(decoding: stderrData.withLock { $0 }, as: UTF8.self))
    }
}
