import Foundation
import Testing

/// The manifests against the image scripts/image-check.sh built from Debian's archive: its files,
/// its user, its libraries, and each container's command line and environment run with its binaries.
@Suite(
    "Manifests against the image-check rootfs", .timeLimit(.minutes(2)),
    .enabled(if: ImageRootfs.isBuilt, "no .run/image/runtime: run scripts/image-check.sh first"))
struct ImageRootfsTests {
    static func rootfs() throws -> ImageRootfs {
        guard let rootfs = ImageRootfs.find() else { throw DeployCheckError("no image-check rootfs") }
        return rootfs
    }

    @Test("every command the manifests run is on the image's PATH")
    func commandsResolve() async throws {
        let rootfs = try Self.rootfs()
        let path = try ImageManifestTests.runtime().path
        for directory in ManifestValidationTests.kustomizations {
            let manifests = try await RenderedManifests.render(directory)
            for (workload, container) in ImageManifestTests.imageContainers(manifests) {
                let preStop = container.spec["lifecycle"]["preStop"]["exec"]["command"].array.compactMap(\.string)
                for command in [container.command.first, preStop.first].compactMap({ $0 }) {
                    #expect(rootfs.resolve(command, path: path) != nil, "\(workload.id) \(container.name): no \(command) in the image")
                }
            }
        }
        #expect(rootfs.exists("\(ImageRootfs.binDirectory)/Rediclaim_RediclaimStore.resources/Migrations"), "no migrations bundle")
        #expect(rootfs.resolve("swift-backtrace-static", path: path) != nil)
    }

    @Test("the image's USER and group exist in its /etc/passwd and /etc/group")
    func userExists() throws {
        let rootfs = try Self.rootfs()
        let user = try #require(try ImageManifestTests.runtime().numericUser)
        let passwd = try String(contentsOfFile: rootfs.path("/etc/passwd"), encoding: .utf8)
        let group = try String(contentsOfFile: rootfs.path("/etc/group"), encoding: .utf8)
        #expect(passwd.split(separator: "\n").contains { $0.split(separator: ":", omittingEmptySubsequences: false).dropFirst(2).prefix(2) == ["\(user.uid)", "\(user.gid)"] })
        #expect(group.split(separator: "\n").contains { $0.split(separator: ":", omittingEmptySubsequences: false).dropFirst(2).first == "\(user.gid)" })
    }

    @Test("every library of each binary resolves inside the image", arguments: BuildProducts.shipped + ["swift-backtrace-static"])
    func librariesResolveInside(_ binary: String) async throws {
        let rootfs = try Self.rootfs()
        let libraries = try await rootfs.libraries(of: "\(ImageRootfs.binDirectory)/\(binary)")
        #expect(libraries.keys.contains { $0.hasPrefix("libc.so") }, "\(binary): no libc in \(libraries)")
        for (soname, path) in libraries {
            #expect(path?.hasPrefix(rootfs.root.path + "/") == true, "\(binary): \(soname) resolves to \(path ?? "nothing"), not inside the image")
        }
    }

    @Test("each container's command line and environment start the image's binary (--print-config)")
    func commandLinesRunInTheImage() async throws {
        let rootfs = try Self.rootfs()
        let runtime = try ImageManifestTests.runtime()
        let manifests = try await RenderedManifests.render("k8s/kind")
        var checked = 0
        for (workload, container) in ImageManifestTests.imageContainers(manifests) {
            guard let executable = container.executable else { continue }
            let files = try PodFiles(container: container, in: workload, of: manifests)
            var environment = runtime.environment
            environment["PATH"] = runtime.path
            environment.merge(try PodSettings.environment(of: container, of: manifests, files: files)) { $1 }
            // A path under a mount (`event apply -f /etc/rediclaim/events/...`) is that mount's file here.
            let arguments = (container.command + container.args).dropFirst().map { (try? files.localPath(of: $0)) ?? $0 }
                + ["--print-config"]
            let output = try await rootfs.run("\(ImageRootfs.binDirectory)/\(executable)", arguments, environment: environment)
            checked += 1
            #expect(output.status == 0, "\(workload.id) \(container.name): \(executable) \(arguments) exited \(output.status):\n\(output.combined)")
            // The ConfigMap's in-cluster address: the settings file was read through REDICLAIM_CONFIG.
            #expect(output.stdoutText.contains("redis://redis:6379/0"), "\(workload.id) \(container.name): no ConfigMap settings:\n\(output.stdoutText)")
        }
        #expect(checked >= 5, "gate, issuer, migrate, topics and event apply: \(checked)")
    }

    @Test("a wrong flag fails in the image's binary (the check can fail)")
    func wrongFlagFails() async throws {
        let output = try await Self.rootfs().run(
            "\(ImageRootfs.binDirectory)/rediclaimctl", ["topics", "create", "--partitions", "3", "--print-config"],
            environment: ["PATH": Dockerfile.Stage.debianPath])
        #expect(output.status != 0)
    }
}
