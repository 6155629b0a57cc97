import Foundation
import Testing

/// Every shell script in the repository passes shellcheck (with the repository's .shellcheckrc).
@Suite("Scripts", .timeLimit(.minutes(1)))
struct ShellcheckTests {
    /// scripts/**/*.sh, .ci/run, and any other file under scripts/ or .ci/ with a shell shebang.
    static func scripts() throws -> [String] {
        var found: [String] = []
        for top in ["scripts", ".ci"] {
            let base = DeployPaths.file(top)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            while let relative = walker.nextObject() as? String {
                let path = "\(top)/\(relative)"
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: DeployPaths.file(path).path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                else { continue }
                if path.hasSuffix(".sh") || (try? isShellScript(path)) == true { found.append(path) }
            }
        }
        return found.sorted()
    }

    static func isShellScript(_ path: String) throws -> Bool {
        let handle = try FileHandle(forReadingFrom: DeployPaths.file(path))
        defer { try? handle.close() }
        let head = String(decoding: try handle.read(upToCount: 64) ?? Data(), as: UTF8.self)
        guard head.hasPrefix("#!"), let firstLine = head.split(separator: "\n").first else { return false }
        return firstLine.hasSuffix("sh") || firstLine.hasSuffix("bash")
    }

    @Test("shellcheck passes on every script")
    func shellcheckPasses() async throws {
        let shellcheck = try DeployPaths.systemTool("shellcheck", installHint: "apt-get install shellcheck (scripts/setup.sh does)")
        let scripts = try Self.scripts()
        for required in [".ci/run", "scripts/kind-up.sh", "scripts/kind-down.sh", "scripts/k6-kind.sh", "scripts/setup.sh"] {
            #expect(scripts.contains(required), "\(required) was not found among the scripts")
        }
        // From the project root, so .shellcheckrc (source-path=SCRIPTDIR/..) applies as in the editor.
        // About 10 s alone; a loaded 2-core machine has taken 55 s for the 30 scripts.
        let output = try await Tool.run(shellcheck, scripts, in: DeployPaths.root, timeout: .seconds(240))
        #expect(output.status == 0, "shellcheck:\n\(output.combined)")
    }

    @Test("shellcheck reports a broken script (the check can fail)")
    func shellcheckCanFail() async throws {
        let shellcheck = try DeployPaths.systemTool("shellcheck", installHint: "apt-get install shellcheck")
        let output = try await Tool.run(shellcheck, ["-s", "bash", "-"], stdin: Data("#!/bin/bash\nrm -rf $1/*\n".utf8))
        #expect(output.status != 0, "shellcheck accepted an unquoted rm -rf $1/*")
    }
}
