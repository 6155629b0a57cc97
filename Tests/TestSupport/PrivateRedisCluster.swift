import Foundation
import Glibc
import RediclaimRedis

/// A Redis Cluster of the test's own (three masters, three replicas), started and formed by
/// `scripts/redis-cluster.sh` on free ports, for tests that fail nodes over, kill them or move slots.
/// Call `stop()` when done.
public final class PrivateRedisCluster: Sendable {
    public let ports: [Int]
    public let directory: String
    private let environment: [String: String]

    /// `nodeTimeoutMs` is how long a silent master stays in charge before its replica takes over.
    public init(nodeTimeoutMs: Int = 1_000, appendOnly: Bool = false) async throws {
        ports = try Self.freePorts(6)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("cluster")).path
        environment = [
            "REDICLAIM_REDIS_CLUSTER_PORTS": ports.map(String.init).joined(separator: " "),
            "REDICLAIM_REDIS_CLUSTER_DIR": directory,
            "REDICLAIM_REDIS_CLUSTER_NODE_TIMEOUT_MS": String(nodeTimeoutMs),
            "REDICLAIM_REDIS_CLUSTER_APPENDONLY": appendOnly ? "yes" : "no",
        ]
        try await script("up")
    }

    /// Starts any node that is not running (a killed one rejoins from its nodes.conf) and waits for the
    /// cluster to be whole again.
    public func up() async throws { try await script("up") }

    /// Stops every node and removes the data.
    public func stop() async { _ = try? await script("down") }

    /// The seeds as `redis.url` takes them: the first three nodes.
    public var url: String { "redis+cluster://" + ports.prefix(3).map { "127.0.0.1:\($0)" }.joined(separator: ",") + "/" }

    public func configuration() throws -> RedisConfiguration { try RedisConfiguration(url: url) }

    /// A plain client of one node (no routing), for CLUSTER commands aimed at that node.
    public func node(_ port: Int) -> RedisClient {
        RedisClient(configuration: RedisConfiguration(port: port, connectionCount: 1), logger: TestServers.logger)
    }

    /// Runs `body` with a client of one node, then shuts it down.
    public func withNode<T>(_ port: Int, _ body: (RedisClient) async throws -> T) async throws -> T {
        let client = node(port)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// `CLUSTER NODES` as seen by a live node: port, role, master's id, own id and whether it is failed.
    public struct Node: Sendable {
        public let id: String
        public let port: Int
        public let isMaster: Bool
        public let isFailed: Bool
        public let masterID: String?
        public let slots: [ClosedRange<Int>]
    }

    public func nodes(askingAnyOf candidates: [Int]? = nil) async throws -> [Node] {
        for port in candidates ?? ports where LocalPorts.accepts(port) {
            guard let text = try? await withNode(port, { try await $0.send("CLUSTER", "NODES").string }) else { continue }
            return text.split(separator: "\n").compactMap(Self.parseNode)
        }
        throw PrivateRedisError("no cluster node answered CLUSTER NODES")
    }

    /// The port of the master serving `slot`, as the cluster says.
    public func master(ofSlot slot: Int) async throws -> Int {
        let found = try await nodes().first { $0.isMaster && !$0.isFailed && $0.slots.contains { $0.contains(slot) } }
        guard let found else { throw PrivateRedisError("no master serves slot \(slot)") }
        return found.port
    }

    /// The port of a replica of the master on `port`.
    public func replica(of port: Int) async throws -> Int {
        let all = try await nodes()
        guard let master = all.first(where: { $0.port == port }),
            let replica = all.first(where: { $0.masterID == master.id && !$0.isFailed })
        else { throw PrivateRedisError("no replica of \(port)") }
        return replica.port
    }

    /// The redis-server's pid on `port`, from the script's pid file.
    public func pid(_ port: Int) -> pid_t? {
        let path = "\(directory)/\(port)/redis.pid"
        return (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// `kill -9` of the node on `port`: no shutdown, no last replication.
    public func kill9(_ port: Int) throws {
        guard let pid = pid(port) else { throw PrivateRedisError("no pid for node \(port)") }
        kill(pid, SIGKILL)
    }

    private func script(_ command: String) async throws {
        let log = directory + "-\(command).log"
        let result = try await SpawnedScript.run("scripts/redis-cluster.sh", [command], environment: environment, log: log)
        try? FileManager.default.removeItem(atPath: log)
        guard result.status == 0 else { throw PrivateRedisError("scripts/redis-cluster.sh \(command) failed: \(result.output)") }
    }

    private static func parseNode(_ line: Substring) -> Node? {
        let fields = line.split(separator: " ")
        guard fields.count >= 8 else { return nil }
        let address = fields[1].split(separator: "@")[0]
        guard let port = address.split(separator: ":").last.flatMap({ Int($0) }) else { return nil }
        let flags = fields[2].split(separator: ",")
        let slots: [ClosedRange<Int>] = fields.dropFirst(8).compactMap { part in
            guard !part.hasPrefix("[") else { return nil }  // a slot being migrated
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            return bounds.count == 2 ? bounds[0]...bounds[1] : bounds.first.map { $0...$0 }
        }
        return Node(
            id: String(fields[0]), port: port, isMaster: flags.contains("master"), isFailed: flags.contains("fail"),
            masterID: fields[3] == "-" ? nil : String(fields[3]), slots: slots)
    }

    /// Ports whose cluster bus port (+10000) is free too: below 55536, so the bus port exists.
    private static func freePorts(_ count: Int) throws -> [Int] {
        var found: [Int] = []
        var tries = 0
        while found.count < count {
            tries += 1
            guard tries < 2_000 else { throw PrivateRedisError("no free ports for a private cluster") }
            let port = Int.random(in: 20_000...45_000)
            guard !found.contains(port), LocalPorts.isFree(port), LocalPorts.isFree(port + 10_000) else { continue }
            found.append(port)
        }
        return found
    }
}
