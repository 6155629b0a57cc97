import Foundation
import Testing

/// The manifests run the image the Dockerfile builds: its name and tag, its executables, its user and
/// ports, and `command:` is the whole command line because the image has no ENTRYPOINT.
@Suite("Manifests and image agree", .timeLimit(.minutes(1)))
struct ImageManifestTests {
    /// Tools the manifests run that every Debian base image has (Essential packages), not the build.
    static let baseTools = ["bash": "wait-for-deps init containers (bash's /dev/tcp)", "sleep": "the gate's preStop"]

    static func runtime() throws -> Dockerfile.Stage {
        guard let runtime = try ImageTests.dockerfile().runtime else { throw DeployCheckError("the Dockerfile has no stage") }
        return runtime
    }

    /// What the image has in its bin directory: what the build stage copies to /out, which the runtime
    /// stage copies to /usr/local/bin.
    static func shippedNames() throws -> [String] {
        let file = try ImageTests.dockerfile()
        guard let build = file.stage(named: "build"), let runtime = file.runtime else {
            throw DeployCheckError("the Dockerfile has no build or runtime stage")
        }
        guard let copy = runtime.stageCopies.first(where: { $0.from == "build" }),
            copy.destination.trimmingCharacters(in: ["/"]) == ImageRootfs.binDirectory.trimmingCharacters(in: ["/"])
        else { throw DeployCheckError("the runtime stage does not COPY --from=build into \(ImageRootfs.binDirectory)") }
        return build.copiedNames(into: copy.source)
    }

    /// Every container that runs the Rediclaim image, with its workload.
    static func imageContainers(_ manifests: RenderedManifests) -> [(Workload, Container)] {
        manifests.workloads.flatMap { workload in
            workload.allContainers.filter(\.isRediclaimImage).map { (workload, $0) }
        }
    }

    @Test("the Kind overlay deploys the tag kind-up.sh builds and loads, never pulled")
    func kindImageTag() async throws {
        let script = try DeployPaths.read("scripts/kind-up.sh")
        let line = try #require(script.split(separator: "\n").first { $0.hasPrefix("IMAGE=") }, "kind-up.sh sets no IMAGE")
        let built = String(line.dropFirst("IMAGE=".count).split(separator: " ").first ?? "")
        #expect(script.contains("docker build -t \"$IMAGE\" .") || script.contains("docker build -t $IMAGE ."))
        let manifests = try await RenderedManifests.render("k8s/kind")
        let containers = Self.imageContainers(manifests)
        #expect(containers.count >= 8, "gate, issuer, setup and events containers with their init containers")
        for (workload, container) in containers {
            #expect(container.image == built, "\(workload.id) \(container.name) runs \(container.image), kind-up.sh builds \(built)")
            #expect(container.spec["imagePullPolicy"].string == "IfNotPresent", "\(workload.id) \(container.name) may pull \(built)")
        }
    }

    @Test("every container of the image names its command, and the image has it", arguments: ManifestValidationTests.kustomizations)
    func commandsAreInTheImage(_ directory: String) async throws {
        let shipped = try Self.shippedNames()
        let manifests = try await RenderedManifests.render(directory)
        for (workload, container) in Self.imageContainers(manifests) {
            let preStop = container.spec["lifecycle"]["preStop"]["exec"]["command"].array.compactMap(\.string)
            for (what, command) in [("command", container.command), ("preStop", preStop)] where !command.isEmpty || what == "command" {
                let executable = try #require(command.first, "\(workload.id) \(container.name) leaves its command to the image's CMD")
                #expect(
                    shipped.contains(executable) || Self.baseTools[executable] != nil,
                    "\(workload.id) \(container.name) \(what) runs \(executable): not in the image (\(shipped))")
            }
        }
    }

    @Test("the image has no ENTRYPOINT and its CMD runs a shipped binary; it ships the backtracer and the resources")
    func entrypointAndCommand() throws {
        let runtime = try Self.runtime()
        let shipped = try Self.shippedNames()
        #expect(runtime.instructions("ENTRYPOINT").isEmpty, "an ENTRYPOINT would be replaced by every manifest's command:")
        let cmd = try #require(runtime.execForm("CMD"), "no exec-form CMD")
        #expect(shipped.contains(cmd.first ?? ""), "CMD \(cmd) is not a shipped binary")
        for name in BuildProducts.shipped + ["swift-backtrace-static", "*.resources"] {
            #expect(shipped.contains(name), "the build stage does not copy \(name) to /out")
        }
        #expect(runtime.path.split(separator: ":").contains(Substring(ImageRootfs.binDirectory)), "\(ImageRootfs.binDirectory) is not on PATH")
    }

    @Test("pods run as the image's USER, non-root", arguments: ManifestValidationTests.kustomizations)
    func podsRunAsTheImageUser(_ directory: String) async throws {
        let user = try #require(try Self.runtime().numericUser, "the runtime stage has no numeric USER uid:gid")
        let manifests = try await RenderedManifests.render(directory)
        var workloads = Set<String>()
        for (workload, container) in Self.imageContainers(manifests) {
            workloads.insert(workload.id)
            let pod = workload.podSpec["securityContext"]
            #expect(pod["runAsNonRoot"] == .bool(true), "\(workload.id): runAsNonRoot")
            #expect(pod["runAsUser"].int == user.uid, "\(workload.id): runAsUser \(pod["runAsUser"]) but the image is \(user.uid)")
            #expect(pod["runAsGroup"].int == user.gid, "\(workload.id): runAsGroup \(pod["runAsGroup"]) but the image is \(user.gid)")
            let own = container.spec["securityContext"]
            #expect(own["runAsUser"].isNull || own["runAsUser"].int == user.uid, "\(workload.id) \(container.name) overrides runAsUser")
        }
        #expect(workloads.count == 4, "\(directory): gate, issuer, setup and events run the image: \(workloads)")
    }

    @Test("a read-only root filesystem comes with a writable /tmp", arguments: ManifestValidationTests.kustomizations)
    func readOnlyRootHasTmp(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        for (workload, container) in Self.imageContainers(manifests) where container.executable != nil {
            #expect(container.spec["securityContext"]["readOnlyRootFilesystem"] == .bool(true), "\(workload.id) \(container.name)")
            let tmp = container.volumeMounts.first { $0["mountPath"].string == "/tmp" }
            let volume = tmp.flatMap { workload.volume(named: $0["name"].string ?? "") }
            #expect(volume.map { !$0["emptyDir"].isNull } == true, "\(workload.id) \(container.name) has no emptyDir at /tmp")
        }
    }

    @Test("container ports are ports the image exposes", arguments: ManifestValidationTests.kustomizations)
    func portsAreExposed(_ directory: String) async throws {
        let exposed = try Self.runtime().exposedPorts
        let manifests = try await RenderedManifests.render(directory)
        for (workload, container) in Self.imageContainers(manifests) {
            for port in container.spec["ports"].array.compactMap({ $0["containerPort"].int }) {
                #expect(exposed.contains(port), "\(workload.id) \(container.name) listens on \(port); the image exposes \(exposed)")
            }
        }
    }

    @Test("no manifest replaces the image's PATH or backtracer settings; the backtracer it names ships")
    func environmentKeepsTheImage() async throws {
        let runtime = try Self.runtime()
        let backtrace = try #require(runtime.environment["SWIFT_BACKTRACE"], "the image sets no SWIFT_BACKTRACE")
        let tracer = try #require(
            backtrace.split(separator: ",").first { $0.hasPrefix("swift-backtrace=") }.map { String($0.dropFirst("swift-backtrace=".count)) },
            "SWIFT_BACKTRACE names no swift-backtrace")
        #expect(tracer == "\(ImageRootfs.binDirectory)/swift-backtrace-static")
        #expect(try Self.shippedNames().contains("swift-backtrace-static"))
        for directory in ManifestValidationTests.kustomizations {
            let manifests = try await RenderedManifests.render(directory)
            for (workload, container) in Self.imageContainers(manifests) {
                let replaced = container.envNames.filter { ["PATH", "SWIFT_BACKTRACE", "LD_LIBRARY_PATH"].contains($0) }
                #expect(replaced.isEmpty, "\(workload.id) \(container.name) sets \(replaced)")
            }
        }
    }
}
