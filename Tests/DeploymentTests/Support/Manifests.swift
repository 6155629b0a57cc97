import Foundation

/// Renders a kustomization with `kubectl kustomize` and parses the result into objects.
struct RenderedManifests: Sendable {
    /// The kustomization directory, relative to the project root (k8s/base, k8s/kind).
    let directory: String
    /// The rendered multi-document YAML, as kubectl printed it.
    let yaml: String
    let objects: [JSONValue]

    static func render(_ directory: String) async throws -> RenderedManifests {
        let kubectl = try DeployPaths.venvTool("kubectl")
        let output = try await Tool.run(kubectl, ["kustomize", DeployPaths.file(directory).path])
        guard output.status == 0 else {
            throw DeployCheckError("kubectl kustomize \(directory) failed:\n\(output.combined)")
        }
        let yaml = output.stdoutText
        return RenderedManifests(directory: directory, yaml: yaml, objects: try await YAMLDocuments.parse(yaml))
    }

    func objects(kind: String) -> [JSONValue] { objects.filter { $0["kind"].string == kind } }

    func object(kind: String, named name: String) -> JSONValue? {
        objects(kind: kind).first { $0["metadata"]["name"].string == name }
    }

    /// Every Deployment, StatefulSet and Job, with its pod spec.
    var workloads: [Workload] {
        objects.compactMap { object in
            guard let kind = object["kind"].string, ["Deployment", "StatefulSet", "Job"].contains(kind),
                let name = object["metadata"]["name"].string
            else { return nil }
            return Workload(kind: kind, name: name, object: object)
        }
    }

    func workload(_ kind: String, _ name: String) throws -> Workload {
        guard let found = workloads.first(where: { $0.kind == kind && $0.name == name }) else {
            throw DeployCheckError("\(directory) renders no \(kind) \(name)")
        }
        return found
    }
}

/// Turns (multi-document) YAML into JSON values with the venv's PyYAML (kubernetes-validate needs it).
enum YAMLDocuments {
    static func parse(_ yaml: String) async throws -> [JSONValue] {
        let python = try DeployPaths.venvTool("python")
        let script = """
            import json, sys, yaml
            json.dump([d for d in yaml.safe_load_all(sys.stdin) if d is not None], sys.stdout)
            """
        let output = try await Tool.run(python, ["-c", script], stdin: Data(yaml.utf8))
        guard output.status == 0 else {
            throw DeployCheckError("YAML did not parse:\n\(output.combined)")
        }
        return try JSONDecoder().decode([JSONValue].self, from: output.stdout)
    }

    static func parseFile(_ relativePath: String) async throws -> [JSONValue] {
        try await parse(DeployPaths.read(relativePath))
    }
}
