import Foundation
import TestSupport
import Testing

@Suite("Package.swift declares exactly what each target imports; the module graph is current", .timeLimit(.minutes(2)))
struct ArchitectureTests {
    @Test("scripts/architecture.sh --check")
    func packageAndGraph() async throws {
        let result = try await Executables.runTool(
            "/bin/bash", ["scripts/architecture.sh", "--check"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}
