import ArgumentParser
import Foundation
import RediclaimCtl
import Testing

/// The `rediclaimctl` command lines in the Jobs are ones the real command tree accepts.
@Suite("Manifest commands parse", .timeLimit(.minutes(1)))
struct ManifestCommandTests {
    @Test("every rediclaimctl invocation in the manifests parses", arguments: ManifestValidationTests.kustomizations)
    func ctlInvocationsParse(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        var checked = 0
        for workload in manifests.workloads {
            for container in workload.allContainers where container.executable == "rediclaimctl" {
                let words = container.command + container.args
                let arguments = Array(words.drop { $0 != "rediclaimctl" && !$0.hasSuffix("/rediclaimctl") }.dropFirst())
                checked += 1
                #expect(throws: Never.self, "\(workload.id) \(container.name): rediclaimctl \(arguments)") {
                    _ = try CtlCommand.parseAsRoot(arguments)
                }
            }
        }
        #expect(checked >= 3, "\(directory): migrate, topics create and event apply expected, found \(checked)")
    }

    @Test("a wrong flag is caught (the check can fail)")
    func wrongFlag() {
        #expect(throws: (any Error).self) { _ = try CtlCommand.parseAsRoot(["topics", "create", "--partitions", "3"]) }
    }
}
