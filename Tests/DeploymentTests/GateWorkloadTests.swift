import Foundation
import RediclaimConfig
import Testing

/// The gate's Deployment agrees with the gate's settings: ports, probes, drain, scaling, exposure.
@Suite("Gate workload", .timeLimit(.minutes(1)))
struct GateWorkloadTests {
    /// The Kind overlay's gate: its render, Deployment, container and settings as the pod loads them.
    static func kindGate() async throws -> (RenderedManifests, Workload, Container, RediclaimConfiguration) {
        let manifests = try await RenderedManifests.render("k8s/kind")
        let gate = try manifests.workload("Deployment", "rediclaim-gate")
        let container = try gate.container("gate")
        return (manifests, gate, container, try PodSettings.load(container, in: gate, of: manifests))
    }

    @Test("readiness and metrics on gate.opsPort, liveness on gate.port, container ports for both")
    func gatePorts() async throws {
        let (_, gate, container, config) = try await Self.kindGate()

        #expect(config.gate.opsPort != config.gate.port)
        #expect(container.port(named: "http") == config.gate.port)
        #expect(container.port(named: "ops") == config.gate.opsPort)
        let readiness = container.spec["readinessProbe"]["httpGet"]
        let liveness = container.spec["livenessProbe"]["httpGet"]
        #expect(readiness["path"].string == "/readyz" && container.resolvePort(readiness["port"]) == config.gate.opsPort)
        // The public port: a public listener that hangs gets the pod restarted.
        #expect(liveness["path"].string == "/healthz" && container.resolvePort(liveness["port"]) == config.gate.port)
        #expect(gate.podAnnotations["prometheus.io/scrape"]?.string == "true")
        #expect(gate.podAnnotations["prometheus.io/port"]?.string == String(config.gate.opsPort))
        #expect(gate.podAnnotations["prometheus.io/path"]?.string == "/metrics")
        #expect(!container.spec["resources"]["requests"]["cpu"].isNull, "the HPA needs a CPU request")
    }

    @Test("termination grace outlasts preStop plus gate.drainSeconds")
    func graceOutlastsTheDrain() async throws {
        let (_, gate, container, config) = try await Self.kindGate()
        let preStop = container.spec["lifecycle"]["preStop"]["exec"]["command"].array.compactMap(\.string)
        let preStopSeconds = preStop.first == "sleep" ? Int(preStop.last ?? "") ?? 0 : 0
        #expect(config.gate.drainSeconds > 0)
        #expect(
            gate.terminationGraceSeconds > preStopSeconds + config.gate.drainSeconds,
            "grace \(gate.terminationGraceSeconds) s <= preStop \(preStopSeconds) s + drain \(config.gate.drainSeconds) s")
    }

    @Test("2 replicas, an HPA and a PDB that select the gate", arguments: ManifestValidationTests.kustomizations)
    func scalingAndDisruption(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        let gate = try manifests.workload("Deployment", "rediclaim-gate")
        #expect(gate.replicas == 2)
        let labels = gate.object["spec"]["template"]["metadata"]["labels"].fields.compactMapValues(\.string)

        let hpa = try #require(manifests.object(kind: "HorizontalPodAutoscaler", named: "rediclaim-gate"))
        #expect(hpa["spec"]["scaleTargetRef"]["kind"].string == "Deployment")
        #expect(hpa["spec"]["scaleTargetRef"]["name"].string == "rediclaim-gate")
        let minReplicas = try #require(hpa["spec"]["minReplicas"].int)
        let maxReplicas = try #require(hpa["spec"]["maxReplicas"].int)
        #expect(minReplicas >= 2 && maxReplicas > minReplicas)

        let pdb = try #require(manifests.object(kind: "PodDisruptionBudget", named: "rediclaim-gate"))
        let selector = pdb["spec"]["selector"]["matchLabels"].fields.compactMapValues(\.string)
        #expect(!selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }, "PDB selects \(selector)")
        #expect((pdb["spec"]["minAvailable"].int ?? 0) < minReplicas, "the PDB would block every drain")
    }

    @Test("Kind maps the gate's nodePort to the host port the scripts use")
    func kindExposesTheGate() async throws {
        let manifests = try await RenderedManifests.render("k8s/kind")
        let service = try #require(manifests.object(kind: "Service", named: "rediclaim-gate"))
        #expect(service["spec"]["type"].string == "NodePort")
        let nodePort = try #require(service["spec"]["ports"].array.first?["nodePort"].int)

        let cluster = try #require(try await YAMLDocuments.parseFile("k8s/kind/cluster.yaml").first)
        #expect(cluster["kind"].string == "Cluster")
        #expect(cluster["apiVersion"].string == "kind.x-k8s.io/v1alpha4")
        let mappings = cluster["nodes"].array.flatMap { $0["extraPortMappings"].array }
        let mapping = try #require(mappings.first { $0["containerPort"].int == nodePort }, "no mapping for \(nodePort)")
        let hostPort = try #require(mapping["hostPort"].int)

        for script in ["scripts/kind-up.sh", "scripts/k6-kind.sh"] {
            #expect(try DeployPaths.read(script).contains("127.0.0.1:\(hostPort)"), "\(script) does not use port \(hostPort)")
        }
        let up = try DeployPaths.read("scripts/kind-up.sh")
        let clusterName = try #require(cluster["name"].string)
        #expect(up.contains("CLUSTER=\(clusterName) "), "kind-up.sh's cluster name is not \(clusterName)")
        let image = try manifests.workload("Deployment", "rediclaim-gate").container("gate").image
        #expect(up.contains("IMAGE=\(image) "), "kind-up.sh does not build and load \(image)")
    }
}
