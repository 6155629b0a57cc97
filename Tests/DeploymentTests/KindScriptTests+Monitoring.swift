import Foundation
import Testing

extension KindScriptTests {
    @Test("kind-up.sh --monitoring applies k8s/monitoring, waits for Prometheus and Grafana, says how to open Grafana")
    func kindUpWithMonitoring() async throws {
        let stubs = try StubTools(Self.healthyStubs())
        let output = try await stubs.run("scripts/kind-up.sh", arguments: ["--monitoring"])
        #expect(output.status == 0, "kind-up.sh --monitoring failed:\n\(output.combined)")
        let calls = try stubs.calls()
        #expect(calls.contains { $0.contains("apply -k k8s/monitoring") }, "\(calls.joined(separator: "\n"))")
        #expect(!calls.contains { $0.contains("apply -k k8s/kind") })
        for deploy in ["deployment/prometheus", "deployment/grafana"] {
            #expect(calls.contains { $0.contains("rollout status \(deploy)") }, "no wait for \(deploy)")
        }
        #expect(output.stdoutText.contains("port-forward svc/grafana 3000:3000"), "\(output.stdoutText)")
    }

    @Test("kind-up.sh without the flag leaves monitoring out; an unknown flag is a usage error")
    func kindUpMonitoringIsOptional() async throws {
        let stubs = try StubTools(Self.healthyStubs())
        let plain = try await stubs.run("scripts/kind-up.sh")
        #expect(plain.status == 0, "\(plain.combined)")
        #expect(!(try stubs.calls()).contains { $0.contains("prometheus") || $0.contains("k8s/monitoring") })
        let wrong = try await stubs.run("scripts/kind-up.sh", arguments: ["--monitor"])
        #expect(wrong.status != 0 && wrong.stderr.contains("usage"), "\(wrong.combined)")
    }
}
