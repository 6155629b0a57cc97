import Foundation
import RediclaimConfig

/// Rediclaim settings as a container in a rendered manifest would load them.
enum PodSettings {
    /// Every environment variable an executable reads: one per key, `*_FILE` for secrets, `REDICLAIM_CONFIG`.
    static let knownVariables: Set<String> = {
        var names = Set(ConfigKeys.all.map(\.environmentVariable))
        names.formUnion(ConfigKeys.all.compactMap(\.fileVariable))
        names.insert(ConfigLoader.fileVariable)
        return names
    }()

    /// Variables a Rediclaim container sets that no executable reads (typos, renamed keys, non-Rediclaim names).
    static func unreadVariables(of container: Container) -> [String] {
        container.envNames.filter { !knownVariables.contains($0) }
    }

    /// `--set` overrides whose key is not in the catalogue.
    static func unknownOverrides(of container: Container) -> [String] {
        container.setOverrides.filter { assignment in
            let name = assignment.split(separator: "=", maxSplits: 1).first.map(String.init) ?? assignment
            return ConfigKeys.key(named: name) == nil
        }
    }

    /// Loads the container's settings: env (with Secret and ConfigMap references resolved), the config
    /// file and secret files from its mounts, then its `--set` flags; validated like the executables do.
    static func load(_ container: Container, in workload: Workload, of manifests: RenderedManifests) throws
        -> RediclaimConfiguration
    {
        let files = try PodFiles(container: container, in: workload, of: manifests)
        let environment = try self.environment(of: container, of: manifests, files: files)
        do {
            let values = try ConfigLoader.load(environment: environment, overrides: container.setOverrides)
            return try RediclaimConfiguration(values)
        } catch let error as ConfigError {
            throw DeployCheckError("\(workload.id) container \(container.name): \(error)")
        }
    }

    /// The container's environment with Secret and ConfigMap references resolved, and the paths of
    /// its `REDICLAIM_CONFIG` and `*_FILE` variables mapped to `files` on this machine.
    static func environment(of container: Container, of manifests: RenderedManifests, files: PodFiles) throws
        -> [String: String]
    {
        var environment: [String: String] = [:]
        for variable in container.env {
            guard let name = variable["name"].string else { continue }
            var value: String
            if let literal = variable["value"].string {
                value = literal
            } else if let resolved = try ObjectData.value(of: variable["valueFrom"], in: manifests) {
                value = resolved
            } else {
                value = ""
            }
            if name == ConfigLoader.fileVariable || name.hasSuffix("_FILE") {
                value = try files.localPath(of: value)
            }
            environment[name] = value
        }
        return environment
    }
}
