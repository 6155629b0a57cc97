import Foundation
import Testing

extension KindScriptTests {
    @Test("k6-kind.sh signs users with the cluster's JWT secret and reads /metrics through a port-forward of the ops port")
    func k6KindPassesSecretAndOpsURL() async throws {
        let stubs = try StubTools([
            "kubectl": """
                case "$*" in
                  *"exec deploy/rediclaim-gate -c gate -- cat /etc/rediclaim/secrets/gate-jwt-secret"*) printf 'cluster-jwt-secret' ;;
                  *"port-forward deploy/rediclaim-gate 19101:9101"*) exec sleep 20 ;;
                esac
                exit 0
                """,
            "curl": "exit 0",
        ])
        // k6 from the venv, as scripts/setup.sh installs it: it records what the script hands it.
        let k6 = stubs.directory.appendingPathComponent("run/venv/bin/k6")
        try FileManager.default.createDirectory(at: k6.deletingLastPathComponent(), withIntermediateDirectories: true)
        try """
            #!\(try DeployPaths.systemTool("bash", installHint: "bash"))
            echo "k6 JWT_SECRET=$JWT_SECRET OPS_URL=$OPS_URL BASE_URL=$BASE_URL $*" >>'\(stubs.log.path)'
            """.write(to: k6, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: k6.path)

        let output = try await stubs.run("scripts/k6-kind.sh", arguments: ["--vus", "5"])
        #expect(output.status == 0, "k6-kind.sh failed:\n\(output.combined)")
        let calls = try stubs.calls()
        #expect(calls.contains { $0.contains("curl -fsS --max-time 3 http://127.0.0.1:30080/healthz") }, "\(calls)")
        #expect(calls.contains { $0.contains("port-forward deploy/rediclaim-gate 19101:9101") }, "\(calls)")
        let run = try #require(calls.first { $0.hasPrefix("k6 ") }, "k6 never ran:\n\(calls.joined(separator: "\n"))")
        #expect(run.contains("JWT_SECRET=cluster-jwt-secret OPS_URL=http://127.0.0.1:19101 BASE_URL=http://127.0.0.1:30080"), "\(run)")
        #expect(run.contains("--vus 5") && run.hasSuffix("scripts/k6/spike.js"), "\(run)")
    }
}
