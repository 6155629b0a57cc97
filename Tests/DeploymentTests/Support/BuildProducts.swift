import Foundation

/// Where `swift build` put the executables this test run was built with.
enum BuildProducts {
    /// The executables the image ships.
    static let shipped = ["rediclaim-gate", "rediclaim-issuer", "rediclaimctl"]

    /// `REDICLAIM_BIN_DIR`, else the directory of the running test bundle, else `.build/debug`.
    static func binDirectory() throws -> URL {
        var candidates: [URL] = []
        if let dir = ProcessInfo.processInfo.environment["REDICLAIM_BIN_DIR"], !dir.isEmpty {
            candidates.append(URL(fileURLWithPath: dir))
        }
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        candidates.append(DeployPaths.root.appendingPathComponent(".build/debug"))
        for dir in candidates
        where FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent(shipped[0]).path) {
            return dir
        }
        throw DeployCheckError(
            "no built \(shipped[0]) in \(candidates.map(\.path).joined(separator: ", ")): "
                + "run `swift build --build-tests` first (scripts/test.sh does), or set REDICLAIM_BIN_DIR")
    }

    static func path(of executable: String) throws -> String {
        let path = try binDirectory().appendingPathComponent(executable).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw DeployCheckError("\(executable) is not built at \(path): run `swift build --build-tests` first")
        }
        return path
    }
}
