import Foundation
import Testing

/// The Kind scripts run start to finish against stand-ins for docker, kind, kubectl and curl: the
/// order of steps, the arguments they pass and the smoke check's verdict.
@Suite("Kind scripts against stand-in tools", .timeLimit(.minutes(1)))
struct KindScriptTests {
    /// A cluster-less world where every command succeeds and the gate answers like the contract says.
    static func healthyStubs(enqueueStatus: String = "202", metricsStatus: String = "404") -> [String: String] {
        [
            "docker": "exit 0",
            "kind": #"[ "$1 $2" = "get clusters" ] && exit 0; exit 0"#,
            "kubectl": """
                case "$*" in
                  *"get namespace"*) exit 1 ;;
                  *"get job"*"succeeded"*) printf 1 ;;
                  *"get job"*) printf '' ;;
                  *"exec deploy/rediclaim-gate -c gate -- rediclaimctl token"*) printf 'jwt.for.smoke' ;;
                  *"exec deploy/rediclaim-issuer"*"/dev/tcp/redis/6379"*) exit 1 ;;
                esac
                exit 0
                """,
            "curl": """
                case "$*" in
                  *"/healthz"*) exit 0 ;;
                  *"/metrics"*) printf \(metricsStatus) ;;
                  *"/enqueue"*) printf '{"status":"WAITING","rank":1,"ticket":"t0k"}\\n\(enqueueStatus)' ;;
                  *"/rank"*) printf '{"status":"WAITING","rank":1,"ahead":0}\\n200' ;;
                esac
                """,
        ]
    }

    @Test("kind-up.sh: cluster, build, load, apply, waits, events, rollouts, smoke check, URL")
    func kindUpRunsEveryStep() async throws {
        let stubs = try StubTools(Self.healthyStubs())
        let output = try await stubs.run("scripts/kind-up.sh")
        #expect(output.status == 0, "kind-up.sh failed:\n\(output.combined)")
        #expect(output.stdoutText.contains("http://127.0.0.1:30080"), "no URL printed")

        let calls = try stubs.calls()
        let steps = [
            "docker info",
            "kind create cluster --config k8s/kind/cluster.yaml",
            "docker build -t rediclaim:dev .",
            "kind load docker-image rediclaim:dev --name rediclaim",
            "kubectl --context kind-rediclaim apply -k k8s/kind",
            "rollout status statefulset/redis",
            "rollout status statefulset/kafka",
            "rollout status statefulset/mysql",
            "get job rediclaim-setup",
            #"patch job rediclaim-events --type=merge -p {"spec":{"suspend":false}}"#,
            "get job rediclaim-events",
            "rollout status deployment/rediclaim-gate",
            "rollout status deployment/rediclaim-issuer",
            "curl -fsS --max-time 2 http://127.0.0.1:30080/healthz",
            "exec deploy/rediclaim-gate -c gate -- rediclaimctl token --user kind-smoke-",
            "Authorization: Bearer jwt.for.smoke",
            "http://127.0.0.1:30080/enqueue",
            "Authorization: Bearer t0k",
            "http://127.0.0.1:30080/metrics",
            "exec deploy/rediclaim-issuer -c issuer -- timeout 3 bash -c exec 3<>/dev/tcp/redis/6379",
        ]
        var position = calls.startIndex
        for step in steps {
            guard let found = calls[position...].firstIndex(where: { $0.contains(step) }) else {
                Issue.record("no call with '\(step)' after call \(position) in:\n\(calls.joined(separator: "\n"))")
                return
            }
            position = found
        }
        #expect(!calls.contains { $0.contains("rollout restart") }, "a new cluster needs no restart")
        // jwt mode: the user comes from the token, not the body.
        let enqueue = try #require(calls.first { $0.contains("/enqueue") })
        #expect(enqueue.contains(#"{"eventId":1001}"#) && !enqueue.contains("userId"), "\(enqueue)")
        #expect(output.stdoutText.contains("NetworkPolicies enforced"), "\(output.stdoutText)")
    }

    @Test("kind-up.sh fails when the smoke check's enqueue is refused or the public port serves /metrics",
          arguments: [("500", "404", "POST /enqueue answered 500"), ("202", "200", "must not serve metrics")])
    func kindUpFailsOnABadSmokeCheck(_ enqueue: String, _ metrics: String, _ message: String) async throws {
        let stubs = try StubTools(Self.healthyStubs(enqueueStatus: enqueue, metricsStatus: metrics))
        let output = try await stubs.run("scripts/kind-up.sh")
        #expect(output.status != 0)
        #expect(output.stderr.contains(message), "\(output.combined)")
    }

    @Test("kind-up.sh and kind-down.sh list docker, kind and kubectl when all are missing",
          arguments: ["scripts/kind-up.sh", "scripts/kind-down.sh"])
    func missingToolsAreNamed(_ script: String) async throws {
        let stubs = try StubTools([:])
        let output = try await stubs.run(script)
        #expect(output.status != 0)
        for tool in ["docker", "kind", "kubectl"] {
            #expect(output.stderr.contains("- \(tool)"), "\(script) did not name \(tool):\n\(output.combined)")
        }
        #expect(try stubs.calls().isEmpty, "\(script) ran something before checking its tools")
    }

    @Test("kind-down.sh deletes the rediclaim cluster when it exists")
    func kindDownDeletes() async throws {
        let stubs = try StubTools([
            "docker": "exit 0",
            "kubectl": "exit 0",
            "kind": #"[ "$1 $2" = "get clusters" ] && echo rediclaim; exit 0"#,
        ])
        let output = try await stubs.run("scripts/kind-down.sh")
        #expect(output.status == 0, "\(output.combined)")
        #expect(try stubs.calls().contains("kind delete cluster --name rediclaim"))
    }
}
