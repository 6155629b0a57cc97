import Foundation

/// A Deployment, StatefulSet or Job from a render, with typed access to its pod template.
struct Workload: Sendable {
    let kind: String
    let name: String
    let object: JSONValue

    var id: String { "\(kind)/\(name)" }
    var podSpec: JSONValue { object["spec"]["template"]["spec"] }
    var podAnnotations: [String: JSONValue] { object["spec"]["template"]["metadata"]["annotations"].fields }
    var replicas: Int? { object["spec"]["replicas"].int }
    var terminationGraceSeconds: Int { podSpec["terminationGracePeriodSeconds"].int ?? 30 }

    var containers: [Container] { podSpec["containers"].array.map(Container.init) }
    var initContainers: [Container] { podSpec["initContainers"].array.map(Container.init) }
    var allContainers: [Container] { initContainers + containers }

    func container(_ name: String) throws -> Container {
        guard let found = allContainers.first(where: { $0.name == name }) else {
            throw DeployCheckError("\(id) has no container \(name)")
        }
        return found
    }

    func volume(named name: String) -> JSONValue? {
        podSpec["volumes"].array.first { $0["name"].string == name }
    }

    /// A StatefulSet's persistent volume claims, which its containers mount by name.
    var claimTemplateNames: [String] { object["spec"]["volumeClaimTemplates"].array.compactMap { $0["metadata"]["name"].string } }
}

/// One container of a pod template.
struct Container: Sendable {
    /// The executables the image ships; a container running one of them reads Rediclaim settings.
    static let executables: Set<String> = ["rediclaim-gate", "rediclaim-issuer", "rediclaimctl"]

    let spec: JSONValue

    var name: String { spec["name"].string ?? "?" }
    var image: String { spec["image"].string ?? "" }
    var command: [String] { spec["command"].array.compactMap(\.string) }
    var args: [String] { spec["args"].array.compactMap(\.string) }
    var env: [JSONValue] { spec["env"].array }
    var envNames: [String] { env.compactMap { $0["name"].string } }
    var volumeMounts: [JSONValue] { spec["volumeMounts"].array }

    /// The image without registry path or tag: `rediclaim` for `registry/x/rediclaim:dev`.
    var imageName: String {
        let last = image.split(separator: "/").last.map(String.init) ?? image
        return String(last.split(separator: ":").first ?? Substring(last))
    }

    var isRediclaimImage: Bool { imageName == "rediclaim" }

    /// The Rediclaim executable this container runs, if any (`command[0]`, else `args[0]`).
    var executable: String? {
        let first = command.first ?? args.first
        return first.flatMap { Self.executables.contains($0) ? $0 : nil }
    }

    /// `key=value` of every `--set key=value` / `--set=key=value` on the command line.
    var setOverrides: [String] {
        let words = command + args
        var out: [String] = []
        for (index, word) in words.enumerated() {
            if word == "--set", index + 1 < words.count {
                out.append(words[index + 1])
            } else if word.hasPrefix("--set=") {
                out.append(String(word.dropFirst("--set=".count)))
            }
        }
        return out
    }

    func envValue(_ name: String) -> String? {
        env.first { $0["name"].string == name }?["value"].string
    }

    func port(named name: String) -> Int? {
        spec["ports"].array.first { $0["name"].string == name }?["containerPort"].int
    }

    /// A named port resolves through `ports`; a number stands for itself.
    func resolvePort(_ value: JSONValue) -> Int? {
        if let number = value.int { return number }
        return value.string.flatMap { port(named: $0) }
    }
}
