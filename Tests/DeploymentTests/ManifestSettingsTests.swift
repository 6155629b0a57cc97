import Foundation
import RediclaimConfig
import RediclaimGate
import Testing

/// The settings the manifests give Rediclaim containers are settings the executables actually read.
@Suite("Manifest settings are real config keys", .timeLimit(.minutes(1)))
struct ManifestSettingsTests {
    @Test("every variable and --set of a Rediclaim container is read by the executables",
          arguments: ManifestValidationTests.kustomizations)
    func variablesAreKnown(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        var checked = 0
        for workload in manifests.workloads {
            for container in workload.allContainers where container.executable != nil {
                checked += 1
                let unread = PodSettings.unreadVariables(of: container)
                #expect(unread.isEmpty, "\(workload.id) \(container.name) sets variables no executable reads: \(unread)")
                let unknown = PodSettings.unknownOverrides(of: container)
                #expect(unknown.isEmpty, "\(workload.id) \(container.name) --set unknown keys: \(unknown)")
            }
        }
        // gate, issuer, migrate, topics, event-apply
        #expect(checked >= 5, "\(directory): only \(checked) containers run a Rediclaim executable")
    }

    @Test("a misspelt variable or --set key is reported (the check can fail)")
    func typosAreReported() throws {
        let container = Container(
            spec: .object([
                "name": .string("gate"),
                "command": .array([.string("rediclaim-gate"), .string("--set"), .string("gate.drainSecond=5")]),
                "env": .array([
                    .object(["name": .string("REDICLAIM_GATE_TICKETSECRET_FILE"), "value": .string("/x")]),
                    .object(["name": .string("REDICLAIM_GATE_DRAIN_SECONDS"), "value": .string("5")]),
                ]),
            ]))
        #expect(PodSettings.unreadVariables(of: container) == ["REDICLAIM_GATE_TICKETSECRET_FILE"])
        #expect(PodSettings.unknownOverrides(of: container) == ["gate.drainSecond=5"])
    }

    @Test("the config file in rediclaim-config loads with no unknown key", arguments: ManifestValidationTests.kustomizations)
    func configFileLoads(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        let map = try #require(
            manifests.objects(kind: "ConfigMap").first { $0["metadata"]["name"].string?.hasPrefix("rediclaim-config") == true },
            "\(directory) renders no rediclaim-config ConfigMap")
        let text = try #require(map["data"]["rediclaim.yaml"].string, "rediclaim-config has no rediclaim.yaml")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rediclaim-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let values = try ConfigLoader.load(file: file.path, environment: [:])
        let config = try RediclaimConfiguration(values)
        // The in-cluster addresses, not the local stack's defaults.
        #expect(config.redis.url.contains("//redis:"), "redis.url is \(config.redis.url)")
        #expect(config.mysql.url.contains("@mysql:"), "mysql.url is \(config.mysql.url)")
        #expect(config.kafka.brokers.hasPrefix("kafka:"), "kafka.brokers is \(config.kafka.brokers)")
        #expect(values.source("mysql.password") == .defaultValue, "a secret must not sit in a ConfigMap")
    }

    @Test("each Rediclaim container's settings load in the Kind overlay as they would in the pod")
    func kindSettingsLoad() async throws {
        let manifests = try await RenderedManifests.render("k8s/kind")
        for workload in manifests.workloads {
            for container in workload.allContainers where container.executable != nil {
                let config: RediclaimConfiguration
                do {
                    config = try PodSettings.load(container, in: workload, of: manifests)
                } catch {
                    Issue.record("\(workload.id) \(container.name): \(error)")
                    continue
                }
                #expect(config.values.source("redis.url") != .defaultValue, "\(workload.id): no config file loaded")
                switch container.executable {
                case "rediclaim-gate":
                    // Every secret the gate requires, checked as the gate checks them at start-up.
                    #expect(throws: Never.self, "\(workload.id): the gate would refuse to start") { _ = try GateSettings(config) }
                    let secret = try #require(config.gate.ticketSecret, "\(workload.id): no gate.ticketSecret")
                    #expect(secret.value.utf8.count >= 32, "gate.ticketSecret must be at least 32 bytes")
                    #expect(config.gate.identity.mode == "jwt", "the gate must verify who is asking")
                    let jwt = try #require(config.gate.identity.jwtSecret, "\(workload.id): no gate.identity.jwtSecret")
                    #expect(jwt.value.utf8.count >= 32, "gate.identity.jwtSecret must be at least 32 bytes")
                    let admin = try #require(config.gate.adminToken, "\(workload.id): no gate.adminToken")
                    #expect(admin.value.utf8.count >= GateSettings.minimumAdminTokenBytes, "gate.adminToken is too short")
                default:
                    #expect(config.mysql.password != nil, "\(workload.id) \(container.name): no mysql.password")
                }
            }
        }
    }
}
