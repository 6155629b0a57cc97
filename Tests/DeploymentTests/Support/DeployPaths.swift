import Foundation
import TestSupport

/// Where the project, its run directory and the tools the offline checks need are.
enum DeployPaths {
    static var root: URL { TestStack.projectRoot }

    static func file(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// `REDICLAIM_RUN_DIR`, else `<project>/.run` (scripts/setup.sh fills it).
    static var runDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["REDICLAIM_RUN_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return root.appendingPathComponent(".run")
    }

    /// A tool scripts/setup.sh installs into the venv (kubectl, kubernetes-validate, python).
    static func venvTool(_ name: String) throws -> String {
        let path = runDirectory.appendingPathComponent("venv/bin/\(name)").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw DeployCheckError(
                "\(name) not found at \(path): run scripts/setup.sh, or export REDICLAIM_RUN_DIR=<dir holding venv/>")
        }
        return path
    }

    /// A tool from PATH (shellcheck, ldd, readelf, pkg-config).
    static func systemTool(_ name: String, installHint: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw DeployCheckError("\(name) is not on PATH: \(installHint)")
    }

    static func read(_ relativePath: String) throws -> String {
        let url = file(relativePath)
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DeployCheckError("cannot read \(url.path): \(error.localizedDescription)")
        }
    }
}
