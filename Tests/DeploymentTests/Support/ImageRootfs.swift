import Foundation

/// The runtime rootfs scripts/image-check.sh built (`.run/image/runtime`), if it has run here. Its
/// binaries run without chroot or root through the rootfs's own loader and libraries.
struct ImageRootfs: Sendable {
    let root: URL

    static let binDirectory = "/usr/local/bin"

    static func find() -> ImageRootfs? {
        let root = DeployPaths.runDirectory.appendingPathComponent("image/runtime")
        let gate = root.appendingPathComponent("usr/local/bin/rediclaim-gate").path
        return FileManager.default.isExecutableFile(atPath: gate) ? ImageRootfs(root: root) : nil
    }

    static var isBuilt: Bool { find() != nil }

    func path(_ inImage: String) -> String { root.path + inImage }

    func exists(_ inImage: String) -> Bool { FileManager.default.fileExists(atPath: path(inImage)) }

    /// Where `command` is found on the image's `PATH`, as the container runtime's exec would find it.
    func resolve(_ command: String, path: String) -> String? {
        if command.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: self.path(command)) ? command : nil }
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: self.path("\(dir)/\(command)")) {
            return "\(dir)/\(command)"
        }
        return nil
    }

    /// The rootfs's dynamic loader and its multiarch library directories.
    func loader() throws -> (loader: String, libraryPath: String) {
        for (loader, triplet) in [("/lib64/ld-linux-x86-64.so.2", "x86_64-linux-gnu"), ("/lib/ld-linux-aarch64.so.1", "aarch64-linux-gnu")]
        where exists(loader) && exists("/usr/lib/\(triplet)") {
            return (path(loader), "\(path("/usr/lib/\(triplet)")):\(path("/lib/\(triplet)"))")
        }
        throw DeployCheckError("no x86_64 or aarch64 loader in \(root.path)")
    }

    /// Runs an image binary with only `environment`, loading libraries from the rootfs alone.
    func run(_ binary: String, _ arguments: [String], environment: [String: String]) async throws -> ToolOutput {
        let (loader, libraryPath) = try loader()
        return try await Tool.run(
            loader, ["--inhibit-cache", "--library-path", libraryPath, path(binary)] + arguments,
            in: FileManager.default.temporaryDirectory, environment: environment)
    }

    /// soname -> where the rootfs's loader finds it (nil: not found).
    func libraries(of binary: String) async throws -> [String: String?] {
        let (loader, libraryPath) = try loader()
        let output = try await Tool.run(loader, ["--inhibit-cache", "--library-path", libraryPath, "--list", path(binary)])
        guard output.status == 0 else { throw DeployCheckError("\(loader) --list \(binary): \(output.combined)") }
        var out: [String: String?] = [:]
        for line in output.stdoutText.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.count >= 3, words[1] == "=>" else { continue }
            out[words[0]] = words[2] == "not" ? String?.none : words[2]
        }
        return out
    }
}
