import Foundation

/// Something a connection can start from or go to: a pod (its namespace, labels and listening ports) or
/// an address outside the cluster (no namespace).
struct NetworkEndpoint: Sendable {
    struct Port: Sendable, Hashable {
        var name: String?
        var number: Int
        var proto = "TCP"
    }

    let name: String
    let namespace: String?
    var namespaceLabels: [String: String] = [:]
    var labels: [String: String] = [:]
    var ports: [Port] = []
    /// Off-cluster endpoints only (an IPv4 address).
    var address: String?

    static func pod(_ name: String, namespace: String, labels: [String: String], ports: [Port]) -> NetworkEndpoint {
        NetworkEndpoint(
            name: name, namespace: namespace, namespaceLabels: ["kubernetes.io/metadata.name": namespace], labels: labels,
            ports: ports)
    }

    /// Every pod a render's Deployments, StatefulSets and Jobs start, named after its workload.
    static func pods(of manifests: RenderedManifests) -> [NetworkEndpoint] {
        manifests.workloads.map { workload in
            let labels = workload.object["spec"]["template"]["metadata"]["labels"].fields.compactMapValues(\.string)
            let ports = workload.containers.flatMap { $0.spec["ports"].array }.compactMap { port in
                port["containerPort"].int.map { Port(name: port["name"].string, number: $0, proto: port["protocol"].string ?? "TCP") }
            }
            return .pod(workload.name, namespace: workload.object["metadata"]["namespace"].string ?? "default", labels: labels, ports: ports)
        }
    }
}

/// The NetworkPolicies of a render, evaluated as Kubernetes defines them: a pod selected by a policy of a
/// direction is isolated in that direction, and then only what some selecting policy's rule allows
/// passes. A connection needs the source's egress and the destination's ingress. Pods elsewhere and
/// addresses outside the cluster are governed by no policy here.
struct NetworkPolicySet {
    let policies: [JSONValue]

    init(_ manifests: RenderedManifests) { policies = manifests.objects(kind: "NetworkPolicy") }
    init(policies: [JSONValue]) { self.policies = policies }

    func allows(_ from: NetworkEndpoint, _ to: NetworkEndpoint, _ port: NetworkEndpoint.Port) throws -> Bool {
        try side(of: from, "Egress", "egress", "to", peer: to, port: port, destination: to)
            && side(of: to, "Ingress", "ingress", "from", peer: from, port: port, destination: to)
    }

    /// Whether `pod` is isolated in a direction (some policy of that type selects it).
    func isolates(_ pod: NetworkEndpoint, _ type: String) throws -> Bool {
        try policies.contains { try selects($0, pod) && types(of: $0).contains(type) }
    }

    private func side(
        of pod: NetworkEndpoint, _ type: String, _ rulesKey: String, _ peersKey: String, peer: NetworkEndpoint,
        port: NetworkEndpoint.Port, destination: NetworkEndpoint
    ) throws -> Bool {
        let selecting = try policies.filter { try selects($0, pod) && types(of: $0).contains(type) }
        if selecting.isEmpty { return true }
        for policy in selecting {
            let namespace = policy["metadata"]["namespace"].string ?? "default"
            for rule in policy["spec"][rulesKey].array {
                let peers = rule[peersKey].array
                let peerMatches = try peers.isEmpty || peers.contains { try matches($0, peer, policyNamespace: namespace) }
                if peerMatches, try portsMatch(rule["ports"].array, port, destination) { return true }
            }
        }
        return false
    }

    private func selects(_ policy: JSONValue, _ pod: NetworkEndpoint) throws -> Bool {
        guard let namespace = pod.namespace, policy["metadata"]["namespace"].string == namespace else { return false }
        return try Self.selector(policy["spec"]["podSelector"], matches: pod.labels)
    }

    /// `policyTypes`, or its default: Ingress, plus Egress when the policy has egress rules.
    private func types(of policy: JSONValue) throws -> [String] {
        let given = policy["spec"]["policyTypes"].array.compactMap(\.string)
        if !given.isEmpty { return given }
        return ["Ingress"] + (policy["spec"]["egress"].isNull ? [] : ["Egress"])
    }

    private func matches(_ peer: JSONValue, _ endpoint: NetworkEndpoint, policyNamespace: String) throws -> Bool {
        if !peer["ipBlock"].isNull {
            // A pod's address may fall in any block: counted as inside, so the checks err towards "allowed".
            guard let address = endpoint.address else { return true }
            let except = try peer["ipBlock"]["except"].array.compactMap(\.string).contains { try Self.contains($0, address) }
            return try Self.contains(peer["ipBlock"]["cidr"].string ?? "", address) && !except
        }
        guard let namespace = endpoint.namespace else { return false }
        let namespaceMatches = peer["namespaceSelector"].isNull
            ? namespace == policyNamespace : try Self.selector(peer["namespaceSelector"], matches: endpoint.namespaceLabels)
        let podMatches = peer["podSelector"].isNull ? true : try Self.selector(peer["podSelector"], matches: endpoint.labels)
        return namespaceMatches && podMatches
    }

    /// Named ports are the destination's; no `ports` means every port.
    private func portsMatch(_ ports: [JSONValue], _ port: NetworkEndpoint.Port, _ destination: NetworkEndpoint) throws -> Bool {
        if ports.isEmpty { return true }
        return try ports.contains { entry in
            guard (entry["protocol"].string ?? "TCP") == port.proto else { return false }
            switch entry["port"] {
            case .null: return true
            case .string(let name): return destination.ports.contains { $0.name == name && $0.number == port.number && $0.proto == port.proto }
            case .number:
                let first = entry["port"].int ?? -1
                let last = entry["endPort"].int ?? first
                return first <= port.number && port.number <= last
            default: throw DeployCheckError("NetworkPolicy port \(entry) is neither a number nor a name")
            }
        }
    }

    /// `matchLabels` and `matchExpressions`; an empty selector matches everything.
    static func selector(_ selector: JSONValue, matches labels: [String: String]) throws -> Bool {
        for (key, value) in selector["matchLabels"].fields where labels[key] != value.string { return false }
        for expression in selector["matchExpressions"].array {
            let key = expression["key"].string ?? ""
            let values = expression["values"].array.compactMap(\.string)
            let ok: Bool
            switch expression["operator"].string {
            case "In": ok = labels[key].map(values.contains) ?? false
            case "NotIn": ok = labels[key].map { !values.contains($0) } ?? true
            case "Exists": ok = labels[key] != nil
            case "DoesNotExist": ok = labels[key] == nil
            default: throw DeployCheckError("label selector operator \(expression["operator"]) is not understood")
            }
            if !ok { return false }
        }
        return true
    }

    /// IPv4 only: the manifests use no IPv6 block.
    static func contains(_ cidr: String, _ address: String) throws -> Bool {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let bits = Int(parts[1]), (0...32).contains(bits),
            let network = ipv4(String(parts[0])), let host = ipv4(address)
        else { throw DeployCheckError("'\(cidr)' or '\(address)' is not IPv4") }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
        return network & mask == host & mask
    }

    private static func ipv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".").compactMap { UInt8($0) }
        guard octets.count == 4 else { return nil }
        return octets.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
