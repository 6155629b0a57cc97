import Foundation
import RediclaimConfig
import Testing

/// Every pod the NetworkPolicies let reach Redis or MySQL loads the password that server requires, so
/// neither a new client nor a widened policy leaves a pod connecting without it.
@Suite("Servers' clients have their passwords", .timeLimit(.minutes(1)))
struct ClientPasswordTests {
    /// The password the server's pod requires, read as that pod reads it.
    static func serverPassword(_ server: String, _ manifests: RenderedManifests) throws -> String {
        switch server {
        case "redis":
            let (redis, container, _) = try RedisManifestTests.server(manifests)
            let files = try PodFiles(container: container, in: redis, of: manifests)
            let file = try files.localPath(of: container.envValue("REDIS_PASSWORD_FILE") ?? "")
            return try String(contentsOfFile: file, encoding: .utf8)
        default:
            let mysql = try manifests.workload("StatefulSet", "mysql").container("mysql")
            let variable = try #require(mysql.env.first { $0["name"].string == "MYSQL_PASSWORD" }, "mysql has no MYSQL_PASSWORD")
            return try #require(try ObjectData.value(of: variable["valueFrom"], in: manifests), "MYSQL_PASSWORD is not from a Secret")
        }
    }

    static func clientPassword(_ server: String, _ config: RediclaimConfiguration) -> String? {
        server == "redis" ? config.redis.password?.value : config.mysql.password?.value
    }

    @Test("every pod allowed to reach the server loads its password (Kind)", arguments: [
        ("redis", 6379, ["rediclaim-events", "rediclaim-gate"]),
        ("mysql", 3306, ["rediclaim-events", "rediclaim-gate", "rediclaim-issuer", "rediclaim-setup"]),
    ])
    func clientsHaveThePassword(_ server: String, _ number: Int, _ expected: [String]) async throws {
        let manifests = try await RenderedManifests.render("k8s/kind")
        let password = try Self.serverPassword(server, manifests)
        #expect(password.utf8.count >= 16)
        if server == "redis" {
            #expect(password.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._~+/=-".contains($0)) },
                    "Redis's start-up script refuses this password")
        }
        let policies = NetworkPolicySet(manifests)
        let pods = NetworkEndpoint.pods(of: manifests)
        let destination = try #require(pods.first { $0.name == server })
        let port = try #require(destination.ports.first { $0.number == number }, "\(server) does not listen on \(number)")
        var clients: [String] = []
        for workload in manifests.workloads where workload.name != server {
            guard let pod = pods.first(where: { $0.name == workload.name }), try policies.allows(pod, destination, port) else { continue }
            clients.append(workload.name)
            for client in workload.allContainers where client.executable != nil {
                let config = try PodSettings.load(client, in: workload, of: manifests)
                #expect(Self.clientPassword(server, config) == password, "\(workload.id) \(client.name) may reach \(server) without its password")
            }
        }
        #expect(clients.sorted() == expected)
        // The password belongs in redis.password / mysql.password, not in a URL a log line could show.
        let (_, _, _, config) = try await GateWorkloadTests.kindGate()
        #expect(!config.redis.url.contains(password) && !config.mysql.url.contains(password))
    }
}
