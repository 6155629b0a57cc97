import Foundation
import RediclaimConfig
import Testing

/// Probes and scrape annotations point at a port that serves their path, and no Service exposes an ops
/// port: /readyz and /metrics left the gate's public port (issue 12), and the manifests must follow.
@Suite("Ops endpoints: probes, scrapes and Services use the right ports", .timeLimit(.minutes(1)))
struct OpsEndpointTests {
    /// What each executable serves where: the gate's public router has /healthz only, its ops router (like
    /// the issuer's, its only one) all three (RediclaimGate/App/Gate+Build.swift, RediclaimOps/OpsRoutes.swift).
    static func served(by executable: String, _ config: RediclaimConfiguration) -> [Int: Set<String>] {
        let ops: Set = ["/healthz", "/readyz", "/metrics"]
        switch executable {
        case "rediclaim-gate": return [config.gate.port: ["/healthz"], config.gate.opsPort: ops]
        case "rediclaim-issuer": return [config.issuer.opsPort: ops]
        default: return [:]
        }
    }

    /// Each probe or scrape of `container` whose port does not serve its path.
    static func misdirected(_ workload: Workload, _ container: Container, _ config: RediclaimConfiguration) -> [String] {
        guard let executable = container.executable else { return [] }
        let served = served(by: executable, config)
        var problems: [String] = []
        for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
            let get = container.spec[probe]["httpGet"]
            guard let path = get["path"].string else { continue }
            let port = container.resolvePort(get["port"])
            if port.flatMap({ served[$0] })?.contains(path) != true {
                problems.append("\(workload.id) \(probe) GET \(path) on port \(port.map(String.init) ?? "?"), which serves \(port.flatMap { served[$0] }?.sorted() ?? [])")
            }
        }
        if workload.podAnnotations["prometheus.io/scrape"]?.string == "true" {
            let path = workload.podAnnotations["prometheus.io/path"]?.string ?? "/metrics"
            let port = workload.podAnnotations["prometheus.io/port"]?.string.flatMap { Int($0) }
            if port.flatMap({ served[$0] })?.contains(path) != true {
                problems.append("\(workload.id) is scraped at \(path) on port \(port.map(String.init) ?? "?"), which does not serve it")
            }
        }
        return problems
    }

    @Test("every probe and scrape annotation of the gate and the issuer hits a port serving its path")
    func probesAndScrapes() async throws {
        let manifests = try await RenderedManifests.render("k8s/kind")
        var checked = 0
        for workload in manifests.workloads {
            for container in workload.containers
            where container.executable == "rediclaim-gate" || container.executable == "rediclaim-issuer" {
                checked += 1
                let config = try PodSettings.load(container, in: workload, of: manifests)
                let problems = Self.misdirected(workload, container, config)
                #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
                #expect(!container.spec["readinessProbe"]["httpGet"].isNull, "\(workload.id) has no readiness probe")
            }
        }
        #expect(checked == 2, "the gate and the issuer")
    }

    @Test("a readiness probe or scrape on the gate's public port is reported (the check can fail)")
    func publicPortIsReported() async throws {
        let (_, gate, container, config) = try await GateWorkloadTests.kindGate()
        guard case .object(var spec) = container.spec, case .object(var template) = gate.object["spec"]["template"],
            case .object(var metadata) = template["metadata"]
        else { throw DeployCheckError("unexpected gate shape") }
        // The manifests before issue 12: /readyz and /metrics on the public port.
        spec["readinessProbe"] = .object(["httpGet": .object(["path": .string("/readyz"), "port": .string("http")])])
        metadata["annotations"] = .object([
            "prometheus.io/scrape": .string("true"), "prometheus.io/port": .string(String(config.gate.port)),
            "prometheus.io/path": .string("/metrics"),
        ])
        template["metadata"] = .object(metadata)
        let old = Workload(kind: gate.kind, name: gate.name, object: .object(["spec": .object(["template": .object(template)])]))
        let problems = Self.misdirected(old, Container(spec: .object(spec)), config)
        #expect(problems.count == 2, "\(problems)")
    }

    @Test("Services expose the gate's public port only; no Service selects the issuer")
    func servicesSkipOpsPorts() async throws {
        let (manifests, gate, container, config) = try await GateWorkloadTests.kindGate()
        let issuer = try manifests.workload("Deployment", "rediclaim-issuer")
        func selects(_ service: JSONValue, _ workload: Workload) -> Bool {
            let selector = service["spec"]["selector"].fields.compactMapValues(\.string)
            let labels = workload.object["spec"]["template"]["metadata"]["labels"].fields.compactMapValues(\.string)
            return !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
        }
        for service in manifests.objects(kind: "Service") {
            let name = service["metadata"]["name"].string ?? "?"
            #expect(!selects(service, issuer), "Service \(name) exposes the issuer, whose only port is its ops port")
            guard selects(service, gate) else { continue }
            for port in service["spec"]["ports"].array {
                let target = container.resolvePort(port["targetPort"].isNull ? port["port"] : port["targetPort"])
                #expect(target == config.gate.port, "Service \(name) exposes the gate's port \(target.map(String.init) ?? "?")")
            }
        }
        let gateService = try #require(manifests.object(kind: "Service", named: "rediclaim-gate"))
        #expect(gateService["spec"]["ports"].array.count == 1)
    }
}
