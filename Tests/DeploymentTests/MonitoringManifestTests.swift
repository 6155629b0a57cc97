import Foundation
import Testing

/// The optional k8s/monitoring overlay: k8s/kind unchanged plus Prometheus and Grafana, with the very rules
/// and dashboard files the other tests check, validated offline like the other manifests.
@Suite("Monitoring: the Kind overlay renders and validates", .timeLimit(.minutes(1)))
struct MonitoringManifestTests {
    static let overlay = "k8s/monitoring"

    @Test("every object validates (kubernetes-validate --strict)", arguments: ManifestValidationTests.kubernetesVersions)
    func validates(_ version: String) async throws {
        let manifests = try await RenderedManifests.render(Self.overlay)
        let output = try await ManifestValidationTests.validate(manifests.yaml, version: version)
        #expect(output.status == 0, "\(Self.overlay) does not validate against Kubernetes \(version):\n\(output.combined)")
    }

    @Test("k8s/kind's objects come through unchanged, and Prometheus and Grafana are added in namespace rediclaim")
    func addsOnlyMonitoring() async throws {
        let kind = try await RenderedManifests.render("k8s/kind")
        let monitoring = try await RenderedManifests.render(Self.overlay)
        for object in kind.objects {
            #expect(monitoring.objects.contains(object), "k8s/monitoring changes \(object["kind"].string ?? "?")/\(object["metadata"]["name"].string ?? "?")")
        }
        for id in ["Deployment/prometheus", "Service/prometheus", "ServiceAccount/prometheus", "Role/prometheus-discovery",
                   "RoleBinding/prometheus-discovery", "Deployment/grafana", "Service/grafana"] {
            let parts = id.split(separator: "/").map(String.init)
            let object = monitoring.object(kind: parts[0], named: parts[1])
            #expect(object?["metadata"]["namespace"].string == "rediclaim", "\(id) missing or not in namespace rediclaim")
        }
        for workload in monitoring.workloads where ["prometheus", "grafana"].contains(workload.name) {
            for container in workload.allContainers {
                #expect(container.image.contains(":") && !container.image.hasSuffix(":latest"), "\(workload.id): pin \(container.image)")
            }
        }
    }

    @Test("Prometheus mounts the rules file and the config loads it, scrapes by annotation, passes promtool")
    func prometheusConfig() async throws {
        let manifests = try await RenderedManifests.render(Self.overlay)
        let prometheus = try manifests.workload("Deployment", "prometheus")
        let files = try PodFiles(container: try prometheus.container("prometheus"), in: prometheus, of: manifests)
        let rulesPath = try files.localPath(of: "/etc/prometheus/rules/rediclaim-rules.yaml")
        #expect(try String(contentsOfFile: rulesPath, encoding: .utf8) == DeployPaths.read("k8s/monitoring/rediclaim-rules.yaml"))
        let args = try prometheus.container("prometheus").spec["args"].array.compactMap(\.string)
        let configFlag = try #require(args.first { $0.hasPrefix("--config.file=") })
        let configPath = try files.localPath(of: String(configFlag.dropFirst("--config.file=".count)))
        var config = try String(contentsOfFile: configPath, encoding: .utf8)
        #expect(config.contains("- /etc/prometheus/rules/rediclaim-rules.yaml"), "the config does not load the mounted rules")
        #expect(config.contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape"), "no scrape-by-annotation rule")
        #expect(config.contains("job_name: rediclaim"), "the rules select job=\"rediclaim\"")
        #expect(config.contains("target_label: app"), "the rules and dashboard select on the app label")

        // Debian's promtool is built without Kubernetes discovery: swap it for a static target and point
        // the rule path at the mounted copy; everything else (relabelling, rules) is checked as written.
        config = config.replacingOccurrences(of: "/etc/prometheus/rules/rediclaim-rules.yaml", with: rulesPath)
        let sd = try #require(config.range(of: #"    kubernetes_sd_configs:\n(      .*\n)+"#, options: .regularExpression))
        config.replaceSubrange(sd, with: "    static_configs:\n      - targets: [\"127.0.0.1:8080\"]\n")
        let checked = URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent("checked.yml")
        try config.write(to: checked, atomically: true, encoding: .utf8)
        let promtool = try MonitoringRulesTests.promtool()
        let output = try await Tool.run(promtool, ["check", "config", checked.path])
        #expect(output.status == 0, "promtool check config:\n\(output.combined)\n\(config)")
    }

    @Test("Grafana gets the Prometheus data source and the dashboard file, byte for byte")
    func grafanaProvisioning() async throws {
        let manifests = try await RenderedManifests.render(Self.overlay)
        let grafana = try manifests.workload("Deployment", "grafana")
        let container = try grafana.container("grafana")
        var mounted: [String: Data] = [:] // container path -> content
        for mount in container.volumeMounts {
            guard let path = mount["mountPath"].string, let name = mount["name"].string,
                let volume = grafana.volume(named: name), let files = try PodFiles.files(of: volume, in: grafana, manifests: manifests)
            else { continue }
            if let sub = mount["subPath"].string {
                mounted[path] = files[sub]
            } else {
                for (file, content) in files { mounted["\(path)/\(file)"] = content }
            }
        }
        let datasources = String(decoding: try #require(mounted["/etc/grafana/provisioning/datasources/datasources.yaml"]), as: UTF8.self)
        #expect(datasources.contains("url: http://prometheus:9090") && datasources.contains("type: prometheus"))
        let providers = String(decoding: try #require(mounted["/etc/grafana/provisioning/dashboards/dashboards.yaml"]), as: UTF8.self)
        let folder = try #require(providers.firstMatch(of: #/path: (\S+)/#)?.output.1, "no dashboards path")
        let dashboard = try #require(mounted["\(folder)/rediclaim-dashboard.json"], "no dashboard file under \(folder)")
        #expect(dashboard == Data(try DeployPaths.read("k8s/monitoring/rediclaim-dashboard.json").utf8))
        for variable in container.env where !variable["valueFrom"].isNull {
            #expect(throws: Never.self, "grafana env \(variable["name"].string ?? "?")") {
                _ = try ObjectData.value(of: variable["valueFrom"], in: manifests)
            }
        }
    }
}
