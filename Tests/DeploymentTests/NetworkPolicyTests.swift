import Foundation
import Testing

/// The NetworkPolicies allow exactly the flows Rediclaim needs (k8s/base/network-policies.yaml), checked
/// by evaluating them over every pod of a render plus stand-ins for the rest of the world.
@Suite("NetworkPolicies allow exactly the needed flows", .timeLimit(.minutes(1)))
struct NetworkPolicyTests {
    /// Who needs what, and why: the commands each pod runs.
    static let coreFlows: Set<String> = [
        "rediclaim-gate -> redis 6379/TCP", // waiting room
        "rediclaim-gate -> kafka 9092/TCP", // requests out, results in
        "rediclaim-gate -> mysql 3306/TCP", // healing a Redis that lost its data; admin PATCH writes MySQL first
        "rediclaim-issuer -> kafka 9092/TCP",
        "rediclaim-issuer -> mysql 3306/TCP",
        "rediclaim-setup -> mysql 3306/TCP", // rediclaimctl migrate
        "rediclaim-setup -> kafka 9092/TCP", // rediclaimctl topics create
        "rediclaim-events -> mysql 3306/TCP", // rediclaimctl event apply: MySQL first,
        "rediclaim-events -> redis 6379/TCP", // then the runtime copy
        "kafka -> kafka 9092/TCP", // replication
        "kafka -> kafka 9093/TCP", // KRaft controllers
    ]
    static let monitoringFlows: Set<String> = [
        "prometheus -> rediclaim-gate 9101/TCP",
        "prometheus -> rediclaim-issuer 9100/TCP",
        "prometheus -> internet 443/TCP", // the API server, for pod discovery
        "prometheus -> internet 6443/TCP",
        "grafana -> prometheus 9090/TCP",
    ]

    /// The rest of the world: cluster DNS, look-alikes of our pods in other namespaces (listening on our
    /// ports), and an address off the cluster (listening on those and the usual ones).
    static func strangers() -> [NetworkEndpoint] {
        let ours = [3000, 3306, 6379, 8080, 9090, 9092, 9093, 9100, 9101].map { NetworkEndpoint.Port(number: $0) }
        let usual = [53, 80, 443, 6443].map { NetworkEndpoint.Port(number: $0) } + [.init(number: 53, proto: "UDP")]
        return [
            .pod("kube-dns", namespace: "kube-system", labels: ["k8s-app": "kube-dns"],
                 ports: [.init(name: "dns", number: 53, proto: "UDP"), .init(name: "dns-tcp", number: 53)]),
            .pod("monitoring/prometheus", namespace: "monitoring", labels: ["app.kubernetes.io/name": "prometheus"], ports: ours),
            .pod("default/rediclaim-gate", namespace: "default", labels: ["app.kubernetes.io/name": "rediclaim-gate"], ports: ours),
            NetworkEndpoint(name: "internet", namespace: nil, ports: ours + usual, address: "203.0.113.7"),
        ]
    }

    /// Every allowed connection that starts or ends in namespace rediclaim, as `from -> to port/proto`.
    static func flows(_ policies: NetworkPolicySet, _ pods: [NetworkEndpoint]) throws -> Set<String> {
        let everyone = pods + strangers()
        var out = Set<String>()
        for from in everyone {
            for to in everyone where from.namespace == "rediclaim" || to.namespace == "rediclaim" {
                for port in to.ports where try policies.allows(from, to, port) {
                    out.insert("\(from.name) -> \(to.name) \(port.number)/\(port.proto)")
                }
            }
        }
        return out
    }

    static func expected(for pods: [NetworkEndpoint], monitoring: Bool) -> Set<String> {
        // From outside the namespace, anyone reaches the gate's public port, and nothing else.
        var flows = coreFlows.union(strangers().map { "\($0.name) -> rediclaim-gate 8080/TCP" })
        if monitoring { flows.formUnion(monitoringFlows) }
        for pod in pods { flows.formUnion(["\(pod.name) -> kube-dns 53/UDP", "\(pod.name) -> kube-dns 53/TCP"]) }
        return flows
    }

    static func compare(_ actual: Set<String>, _ expected: Set<String>, _ what: String) {
        let extra = actual.subtracting(expected).sorted()
        let missing = expected.subtracting(actual).sorted()
        #expect(extra.isEmpty, "\(what) allows flows nobody needs:\n\(extra.joined(separator: "\n"))")
        #expect(missing.isEmpty, "\(what) blocks needed flows:\n\(missing.joined(separator: "\n"))")
    }

    @Test("base and Kind: exactly the core flows, DNS, and the public port from outside", arguments: ManifestValidationTests.kustomizations)
    func coreFlowsOnly(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        let pods = NetworkEndpoint.pods(of: manifests)
        #expect(Set(pods.map(\.name)) == ["redis", "kafka", "mysql", "rediclaim-gate", "rediclaim-issuer", "rediclaim-setup", "rediclaim-events"])
        Self.compare(try Self.flows(NetworkPolicySet(manifests), pods), Self.expected(for: pods, monitoring: false), directory)
    }

    @Test("monitoring: Prometheus reaches the ops ports and the API server, Grafana reaches Prometheus, nothing more")
    func monitoringFlowsOnly() async throws {
        let manifests = try await RenderedManifests.render(MonitoringManifestTests.overlay)
        let pods = NetworkEndpoint.pods(of: manifests)
        #expect(pods.contains { $0.name == "prometheus" } && pods.contains { $0.name == "grafana" })
        Self.compare(try Self.flows(NetworkPolicySet(manifests), pods), Self.expected(for: pods, monitoring: true), "k8s/monitoring")
    }

    @Test("every pod is isolated both ways (default deny)", arguments: ManifestValidationTests.kustomizations + [MonitoringManifestTests.overlay])
    func defaultDeny(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        let policies = NetworkPolicySet(manifests)
        for pod in NetworkEndpoint.pods(of: manifests) {
            #expect(try policies.isolates(pod, "Ingress") && policies.isolates(pod, "Egress"), "\(pod.name) is not isolated both ways")
        }
    }

    @Test("every address a wait-for-deps init container waits for is a flow the policies allow", arguments: ManifestValidationTests.kustomizations)
    func initContainersCanConnect(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        let policies = NetworkPolicySet(manifests)
        let pods = NetworkEndpoint.pods(of: manifests)
        var checked = 0
        for workload in manifests.workloads {
            guard let wait = workload.initContainers.first(where: { $0.name == "wait-for-deps" }),
                let pod = pods.first(where: { $0.name == workload.name })
            else { continue }
            for address in wait.args {
                let parts = address.split(separator: ":").map(String.init)
                let service = try #require(manifests.object(kind: "Service", named: parts[0]), "\(workload.id) waits for \(address): no such Service")
                let servicePort = try #require(service["spec"]["ports"].array.first { $0["port"].int == Int(parts[1]) }, "\(address): no such port")
                let selector = service["spec"]["selector"].fields.compactMapValues(\.string)
                let targets = manifests.workloads.filter { target in
                    let labels = target.object["spec"]["template"]["metadata"]["labels"].fields.compactMapValues(\.string)
                    return !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
                }
                #expect(!targets.isEmpty, "Service \(parts[0]) selects no pod")
                for target in targets {
                    let number = try #require(target.containers.lazy.compactMap { $0.resolvePort(servicePort["targetPort"]) }.first)
                    let destination = try #require(pods.first { $0.name == target.name })
                    let port = try #require(destination.ports.first { $0.number == number })
                    checked += 1
                    #expect(try policies.allows(pod, destination, port), "\(workload.id) would wait for \(address) forever: the policies block it")
                }
            }
        }
        #expect(checked >= 7, "gate (3), issuer (2) and setup (2)")
    }

    @Test("a policy that opens too much is reported (the check can fail)")
    func tooOpenIsReported() async throws {
        let manifests = try await RenderedManifests.render("k8s/kind")
        let pods = NetworkEndpoint.pods(of: manifests)
        let openRedis: JSONValue = .object([
            "metadata": .object(["name": .string("open"), "namespace": .string("rediclaim")]),
            "spec": .object([
                "podSelector": .object(["matchLabels": .object(["app.kubernetes.io/name": .string("redis")])]),
                "ingress": .array([.object([:])]),
            ]),
        ])
        let flows = try Self.flows(NetworkPolicySet(policies: manifests.objects(kind: "NetworkPolicy") + [openRedis]), pods)
        #expect(flows.contains("internet -> redis 6379/TCP"))
        #expect(flows.contains("monitoring/prometheus -> redis 6379/TCP"))
        #expect(!flows.contains("rediclaim-issuer -> redis 6379/TCP"), "the issuer's egress still stops it")
    }

    @Test("selectors, named ports and IPv4 blocks evaluate as Kubernetes defines them")
    func evaluatorBasics() throws {
        let selector: JSONValue = .object([
            "matchLabels": .object(["a": .string("1")]),
            "matchExpressions": .array([.object(["key": .string("b"), "operator": .string("NotIn"), "values": .array([.string("x")])])]),
        ])
        #expect(try NetworkPolicySet.selector(selector, matches: ["a": "1"]))
        #expect(try !NetworkPolicySet.selector(selector, matches: ["a": "1", "b": "x"]))
        #expect(try NetworkPolicySet.selector(.object([:]), matches: [:]))
        #expect(try NetworkPolicySet.contains("10.0.0.0/8", "10.9.8.7"))
        #expect(try !NetworkPolicySet.contains("10.0.0.0/8", "11.0.0.1"))
        #expect(try NetworkPolicySet.contains("0.0.0.0/0", "203.0.113.7"))
    }
}
