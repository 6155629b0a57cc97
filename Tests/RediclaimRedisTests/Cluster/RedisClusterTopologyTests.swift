import RediclaimRedis
import Testing
import TestSupport

/// Slots moving under a client that has already read the map: MOVED after a resharding, ASK during one.
/// Each test runs its own cluster, since it changes who serves what.
@Suite("RedisClient follows MOVED and ASK (private Redis Cluster)", .timeLimit(.minutes(2)))
struct RedisClusterTopologyTests {
    /// Starts the slot's migration from its master to another one; returns (source, target) ports.
    private func beginMigration(_ slot: Int, in cluster: PrivateRedisCluster) async throws -> (source: Int, target: Int, targetID: String) {
        let nodes = try await cluster.nodes()
        let source = try await cluster.master(ofSlot: slot)
        let sourceNode = try #require(nodes.first { $0.port == source })
        let targetNode = try #require(nodes.first { $0.isMaster && $0.port != source })
        _ = try await cluster.withNode(targetNode.port) { try await $0.send("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceNode.id) }
        _ = try await cluster.withNode(source) { try await $0.send("CLUSTER", "SETSLOT", slot, "MIGRATING", targetNode.id) }
        return (source, targetNode.port, targetNode.id)
    }

    private func migrate(_ keys: [String], from source: Int, to target: Int, in cluster: PrivateRedisCluster) async throws {
        var migrate = RedisCommand("MIGRATE", "127.0.0.1", target, "", 0, 5_000, "KEYS")
        for key in keys { migrate.append(key) }
        #expect(try await cluster.withNode(source) { try await $0.send(migrate) } == .status("OK"))
    }

    private func withCluster(_ body: (PrivateRedisCluster, RedisClient) async throws -> Void) async throws {
        let cluster = try await PrivateRedisCluster()
        let client = RedisClient(configuration: try cluster.configuration(), logger: TestServers.logger)
        do {
            try await body(cluster, client)
        } catch {
            await client.shutdown()
            await cluster.stop()
            throw error
        }
        await client.shutdown()
        await cluster.stop()
    }

    @Test("a slot moved to another master: the next command gets MOVED, is re-sent there, and the map is read again")
    func followsMoved() async throws {
        try await withCluster { cluster, client in
            let key = "moved:{m}"
            let slot = RedisClusterSlot.slot(forKey: key)
            #expect(try await client.send("SET", key, "v1") == .status("OK"))  // the client now has the map
            let (source, target, targetID) = try await beginMigration(slot, in: cluster)
            try await migrate([key], from: source, to: target, in: cluster)
            for node in try await cluster.nodes() where node.isMaster {
                _ = try await cluster.withNode(node.port) { try await $0.send("CLUSTER", "SETSLOT", slot, "NODE", targetID) }
            }
            let old = try await cluster.withNode(source) { try await $0.pipeline([RedisCommand("GET", key)]) }
            #expect(old.first?.errorMessage?.hasPrefix("MOVED \(slot) ") == true, "the old master now redirects")

            #expect(try await client.send("GET", key) == .bulk(Array("v1".utf8)))
            #expect(try await client.send("SET", key, "v2") == .status("OK"))
            #expect(try await cluster.withNode(target) { try await $0.send("GET", key) } == .bulk(Array("v2".utf8)))
        }
    }

    @Test("a slot half migrated: keys already moved are reached with ASKING, the rest stay where they were")
    func followsAsk() async throws {
        try await withCluster { cluster, client in
            let moved = "ask:{a}:1", stays = "ask:{a}:2", fresh = "ask:{a}:3"
            let slot = RedisClusterSlot.slot(forKey: moved)
            _ = try await client.pipeline([RedisCommand("SET", moved, "m"), RedisCommand("SET", stays, "s")])
            let (source, target, _) = try await beginMigration(slot, in: cluster)
            try await migrate([moved], from: source, to: target, in: cluster)

            #expect(try await client.send("GET", moved) == .bulk(Array("m".utf8)))
            #expect(try await client.send("GET", stays) == .bulk(Array("s".utf8)))
            // A script on a moved key goes by ASK too (as EVAL, so no NOSCRIPT answer can drop the ASKING).
            let script = RedisScript("return redis.call('GET', KEYS[1])")
            #expect(try await client.eval(script, keys: [moved]) == .bulk(Array("m".utf8)))
            // A new key in a migrating slot is created on the importing node.
            #expect(try await client.send("SET", fresh, "f") == .status("OK"))
            #expect(try await cluster.withNode(target) { try await $0.pipeline([RedisCommand("ASKING"), RedisCommand("GET", fresh)]) }[1]
                == .bulk(Array("f".utf8)))
            // Both keys in one call while they sit on two nodes: Redis says TRYAGAIN; once retries run out it is "unavailable".
            let split = await redisError { _ = try await client.send("MGET", moved, stays) }
            #expect(split?.serverErrorPrefix == "TRYAGAIN" && split?.isUnavailable == true)
        }
    }
}
