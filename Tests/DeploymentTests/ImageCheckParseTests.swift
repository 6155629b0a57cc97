import Foundation
import Testing

/// scripts/image-check.sh reads the Dockerfile with scripts/lib/dockerfile.sh; these tests hold that
/// reader to the one the image tests use, so the rootfs it builds has the packages the image installs.
@Suite("image-check reads the Dockerfile as the tests do", .timeLimit(.minutes(1)))
struct ImageCheckParseTests {
    /// Calls one function of scripts/lib/dockerfile.sh; prints its output lines.
    static func shell(_ function: String, _ arguments: [String]) async throws -> [String] {
        let bash = try DeployPaths.systemTool("bash", installHint: "bash")
        let output = try await Tool.run(
            bash, ["-c", "source scripts/lib/dockerfile.sh && \(function) \"$@\"", "dockerfile"] + arguments, in: DeployPaths.root)
        guard output.status == 0 else { throw DeployCheckError("\(function) \(arguments): \(output.combined)") }
        return output.stdoutText.split(separator: "\n").map(String.init)
    }

    @Test("image-check.sh --packages gives each stage's apt packages and its base")
    func packagesAgree() async throws {
        let file = try ImageTests.dockerfile()
        let bash = try DeployPaths.systemTool("bash", installHint: "bash")
        #expect(file.stages.count == 3, "toolchain, build, runtime")
        for stage in file.stages {
            let name = try #require(stage.name, "a stage without a name")
            let output = try await Tool.run(bash, ["scripts/image-check.sh", "--packages", name], in: DeployPaths.root)
            #expect(output.status == 0, "\(output.combined)")
            let packages = output.stdoutText.split(separator: "\n").map(String.init)
            #expect(packages == stage.aptPackages, "\(name): image-check reads \(packages), the tests \(stage.aptPackages)")
            #expect(!packages.isEmpty, "\(name) installs nothing")
            #expect(try await Self.shell("dockerfile_stage_base", ["Dockerfile", name]) == [stage.base])
        }
    }

    @Test("both readers agree on continuations, comments in a RUN, ; and &&, options and pins (the check can fail)")
    func trickyDockerfile() async throws {
        let text = """
            ARG RELEASE=trixie
            FROM debian:${RELEASE} AS one
            # hadolint ignore=DL3008
            RUN apt-get update && apt-get install -y --no-install-recommends \\
                    # a comment inside the RUN
                    alpha \\
                    beta=1.2-3 \\
                    gamma; rm -rf /var/lib/apt/lists/*
            RUN echo install nothing && apt install -q -o APT::Get::Assume-Yes=true delta
            FROM debian:$RELEASE-slim AS two
            RUN true
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("Dockerfile-\(UUID().uuidString)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = Dockerfile(text)
        #expect(file.stage(named: "one")?.aptPackages == ["alpha", "beta", "gamma", "delta"])
        #expect(try await Self.shell("dockerfile_apt_packages", [url.path, "one"]) == ["alpha", "beta", "gamma", "delta"])
        #expect(try await Self.shell("dockerfile_apt_packages", [url.path, "two"]).isEmpty)
        #expect(try await Self.shell("dockerfile_stage_base", [url.path, "two"]) == ["debian:trixie-slim"])
        #expect(file.stage(named: "two")?.base == "debian:trixie-slim")
        // A package added to the Dockerfile shows up in what image-check installs.
        let changed = text.replacingOccurrences(of: "gamma;", with: "gamma epsilon;")
        try changed.write(to: url, atomically: true, encoding: .utf8)
        #expect(try await Self.shell("dockerfile_apt_packages", [url.path, "one"]) == ["alpha", "beta", "gamma", "epsilon", "delta"])
    }
}
