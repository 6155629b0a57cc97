import Foundation
import Testing

/// The kustomizations render, and every object validates against the Kubernetes schemas, offline.
@Suite("Manifests render and validate", .timeLimit(.minutes(1)))
struct ManifestValidationTests {
    static let kustomizations = ["k8s/base", "k8s/kind"]
    /// The oldest Kubernetes the manifests target and the newest schemas kubernetes-validate bundles.
    static let kubernetesVersions = ["1.30.0", "1.37.0"]

    @Test("kubectl kustomize renders every part", arguments: kustomizations)
    func rendersEveryPart(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        let expected = [
            "Namespace/rediclaim", "StatefulSet/redis", "StatefulSet/kafka", "StatefulSet/mysql",
            "Service/redis", "Service/kafka", "Service/kafka-headless", "Service/mysql", "Service/rediclaim-gate",
            "Deployment/rediclaim-gate", "Deployment/rediclaim-issuer", "Job/rediclaim-setup", "Job/rediclaim-events",
            "HorizontalPodAutoscaler/rediclaim-gate", "PodDisruptionBudget/rediclaim-gate",
            "PodDisruptionBudget/rediclaim-issuer", "NetworkPolicy/default-deny", "NetworkPolicy/allow-dns",
        ]
        let rendered = Set(manifests.objects.map { "\($0["kind"].string ?? "?")/\($0["metadata"]["name"].string ?? "?")" })
        for id in expected {
            #expect(rendered.contains(id), "\(directory) renders no \(id)")
        }
        for object in manifests.objects where object["kind"].string != "Namespace" {
            #expect(
                object["metadata"]["namespace"].string == "rediclaim",
                "\(object["kind"].string ?? "?")/\(object["metadata"]["name"].string ?? "?") is not in namespace rediclaim")
        }
        // Pods pick up new settings when the ConfigMap's content (and so its hashed name) changes.
        let configMaps = manifests.objects(kind: "ConfigMap").compactMap { $0["metadata"]["name"].string }
        #expect(configMaps.contains { $0.hasPrefix("rediclaim-config-") }, "rediclaim-config lost its content hash")
    }

    @Test(
        "every object validates (kubernetes-validate --strict)",
        arguments: kustomizations, kubernetesVersions)
    func validates(_ directory: String, _ version: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        let output = try await Self.validate(manifests.yaml, version: version)
        #expect(output.status == 0, "\(directory) does not validate against Kubernetes \(version):\n\(output.combined)")
    }

    @Test("the validator rejects a misspelt field and a wrong type (the check can fail)")
    func validatorRejectsBrokenManifests() async throws {
        let misspelt = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: broken}
            spec:
              selector: {matchLabels: {app: broken}}
              template:
                metadata: {labels: {app: broken}}
                spec:
                  containers:
                    - name: broken
                      image: rediclaim:dev
                      readinesProbe: {httpGet: {path: /readyz, port: 8080}}
            """
        let wrongType = """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: broken}
            spec: {minAvailable: [1], selector: {matchLabels: {app: broken}}}
            """
        for yaml in [misspelt, wrongType] {
            let output = try await Self.validate(yaml, version: Self.kubernetesVersions[0])
            #expect(output.status != 0, "kubernetes-validate accepted:\n\(yaml)\n\(output.combined)")
        }
    }

    @Test("every ConfigMap, Secret and key the Kind pods reference exists in the render")
    func kindReferencesResolve() async throws {
        let manifests = try await RenderedManifests.render("k8s/kind")
        for workload in manifests.workloads {
            for volume in workload.podSpec["volumes"].array {
                #expect(throws: Never.self, "\(workload.id) volume \(volume["name"].string ?? "?")") {
                    _ = try PodFiles.files(of: volume, in: workload, manifests: manifests)
                }
            }
            for container in workload.allContainers {
                for variable in container.env where !variable["valueFrom"].isNull {
                    #expect(throws: Never.self, "\(workload.id) \(container.name) env \(variable["name"].string ?? "?")") {
                        _ = try ObjectData.value(of: variable["valueFrom"], in: manifests)
                    }
                }
            }
        }
    }

    static func validate(_ yaml: String, version: String) async throws -> ToolOutput {
        let validator = try DeployPaths.venvTool("kubernetes-validate")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("k8s-\(UUID().uuidString).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await Tool.run(validator, ["--kubernetes-version", version, "--strict", "--quiet", file.path])
    }
}
