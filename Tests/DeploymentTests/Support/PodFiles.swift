import Foundation

/// The files a container would see under its ConfigMap, Secret and projected mounts, written below a temporary
/// directory, so settings can be loaded exactly as the executable would load them in the pod.
final class PodFiles {
    let root: URL
    private var mounts: [(path: String, local: URL)] = []

    /// `skipMissing` leaves out mounts of ConfigMaps and Secrets the render lacks (the base's Secrets).
    init(container: Container, in workload: Workload, of manifests: RenderedManifests, skipMissing: Bool = false) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("podfiles-\(UUID().uuidString)")
        for mount in container.volumeMounts {
            guard let mountPath = mount["mountPath"].string, let volumeName = mount["name"].string else { continue }
            guard let volume = workload.volume(named: volumeName) else {
                // A StatefulSet's claim: storage, no files to read.
                if workload.claimTemplateNames.contains(volumeName) { continue }
                throw DeployCheckError("\(workload.id) container \(container.name) mounts unknown volume \(volumeName)")
            }
            let local = root.appendingPathComponent(mountPath)
            try FileManager.default.createDirectory(at: local, withIntermediateDirectories: true)
            let volumeFiles: [String: Data]?
            do {
                volumeFiles = try Self.files(of: volume, in: workload, manifests: manifests)
            } catch where skipMissing {
                continue
            }
            if let files = volumeFiles {
                for (path, content) in files {
                    let url = local.appendingPathComponent(path)
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try content.write(to: url)
                }
                mounts.append((mountPath, local))
            }
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Where a path inside the container is on this machine; fails if no mounted file is there.
    func localPath(of containerPath: String) throws -> String {
        for mount in mounts where containerPath.hasPrefix(mount.path + "/") {
            let relative = String(containerPath.dropFirst(mount.path.count + 1))
            let local = mount.local.appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: local.path) else {
                throw DeployCheckError("\(containerPath) is not a file of the volume mounted at \(mount.path)")
            }
            return local.path
        }
        throw DeployCheckError("\(containerPath) is under no ConfigMap or Secret mount")
    }

    /// The files of a ConfigMap, Secret or projected volume (respecting `items`); nil for other volume types.
    static func files(of volume: JSONValue, in workload: Workload, manifests: RenderedManifests) throws
        -> [String: Data]?
    {
        let what = "\(workload.id) volume \(volume["name"].string ?? "?")"
        if !volume["configMap"].isNull {
            return try sourceFiles(volume["configMap"], kind: "ConfigMap", name: volume["configMap"]["name"], what, manifests)
        }
        if !volume["secret"].isNull {
            return try sourceFiles(volume["secret"], kind: "Secret", name: volume["secret"]["secretName"], what, manifests)
        }
        guard !volume["projected"].isNull else { return nil }
        var out: [String: Data] = [:]
        for source in volume["projected"]["sources"].array {
            let (kind, field) = source["secret"].isNull ? ("ConfigMap", "configMap") : ("Secret", "secret")
            guard !source[field].isNull else { throw DeployCheckError("\(what): a projected source other than a Secret or ConfigMap") }
            out.merge(try sourceFiles(source[field], kind: kind, name: source[field]["name"], what, manifests)) { _, new in new }
        }
        return out
    }

    /// One ConfigMap's or Secret's files: every key, or only its `items` under their paths.
    private static func sourceFiles(
        _ source: JSONValue, kind: String, name: JSONValue, _ what: String, _ manifests: RenderedManifests
    ) throws -> [String: Data] {
        let name = name.string ?? ""
        guard let object = manifests.object(kind: kind, named: name) else { throw DeployCheckError("\(what): no \(kind) \(name)") }
        let data = kind == "Secret" ? try ObjectData.secret(object) : try ObjectData.configMap(object)
        let items = source["items"].array
        if items.isEmpty { return data }
        var out: [String: Data] = [:]
        for item in items {
            guard let key = item["key"].string, let path = item["path"].string else { continue }
            guard let content = data[key] else { throw DeployCheckError("\(what) wants missing key \(key) of \(kind) \(name)") }
            out[path] = content
        }
        return out
    }
}

/// The key/value data of ConfigMaps and Secrets in a render.
enum ObjectData {
    static func configMap(_ object: JSONValue) throws -> [String: Data] {
        object["data"].fields.compactMapValues { $0.string.map { Data($0.utf8) } }
    }

    static func secret(_ object: JSONValue) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for (key, value) in object["data"].fields {
            guard let text = value.string, let decoded = Data(base64Encoded: text) else {
                throw DeployCheckError("Secret \(object["metadata"]["name"].string ?? "?") key \(key) is not base64")
            }
            out[key] = decoded
        }
        for (key, value) in object["stringData"].fields {
            out[key] = Data((value.string ?? "").utf8)
        }
        return out
    }

    /// The value of `valueFrom.secretKeyRef` / `configMapKeyRef`, or why it does not resolve.
    static func value(of reference: JSONValue, in manifests: RenderedManifests) throws -> String? {
        if !reference["secretKeyRef"].isNull {
            let ref = reference["secretKeyRef"]
            let name = ref["name"].string ?? ""
            guard let secret = manifests.object(kind: "Secret", named: name) else {
                throw DeployCheckError("secretKeyRef to missing Secret \(name)")
            }
            guard let data = try self.secret(secret)[ref["key"].string ?? ""] else {
                throw DeployCheckError("secretKeyRef to missing key \(ref["key"].string ?? "") of Secret \(name)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        if !reference["configMapKeyRef"].isNull {
            let ref = reference["configMapKeyRef"]
            let name = ref["name"].string ?? ""
            guard let map = manifests.object(kind: "ConfigMap", named: name) else {
                throw DeployCheckError("configMapKeyRef to missing ConfigMap \(name)")
            }
            guard let data = try configMap(map)[ref["key"].string ?? ""] else {
                throw DeployCheckError("configMapKeyRef to missing key \(ref["key"].string ?? "") of ConfigMap \(name)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        return nil
    }
}
