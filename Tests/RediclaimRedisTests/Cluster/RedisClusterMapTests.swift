import Testing

@testable import RediclaimRedis

@Suite("The slot map read from CLUSTER SHARDS and CLUSTER SLOTS")
struct RedisClusterMapTests {
    let asked = RedisNodeAddress(host: "10.0.0.9", port: 7101)

    private func node(_ host: String, _ port: Int, _ role: String, health: String = "online") -> RedisReply {
        .array([
            .bulk(Array("id".utf8)), .bulk(Array("abc".utf8)), .bulk(Array("port".utf8)), .integer(port),
            .bulk(Array("ip".utf8)), .bulk(Array(host.utf8)), .bulk(Array("endpoint".utf8)), .bulk(Array(host.utf8)),
            .bulk(Array("role".utf8)), .bulk(Array(role.utf8)), .bulk(Array("replication-offset".utf8)), .integer(10),
            .bulk(Array("health".utf8)), .bulk(Array(health.utf8)),
        ])
    }

    private func shard(_ slots: [Int], _ nodes: [RedisReply]) -> RedisReply {
        .array([.bulk(Array("slots".utf8)), .array(slots.map(RedisReply.integer)), .bulk(Array("nodes".utf8)), .array(nodes)])
    }

    @Test func readsShards() throws {
        let reply = RedisReply.array([
            shard([0, 5460], [node("127.0.0.1", 7101, "master"), node("127.0.0.1", 7104, "replica")]),
            shard([5461, 10922], [node("127.0.0.1", 7105, "replica", health: "fail"), node("127.0.0.1", 7102, "master")]),
            shard([10923, 16000, 16001, 16383], [node("", 7103, "master"), node("127.0.0.1", 7106, "replica", health: "loading")]),
            shard([], [node("127.0.0.1", 7107, "master", health: "fail")]),  // a failed master with no slots left
        ])
        let map = try RedisClusterMap(shards: reply, askedNode: asked)
        #expect(map.coveredSlots == RedisClusterSlot.count)
        #expect(map.master(forSlot: 0) == RedisNodeAddress(host: "127.0.0.1", port: 7101))
        #expect(map.master(forSlot: 5461) == RedisNodeAddress(host: "127.0.0.1", port: 7102))
        // An empty endpoint means the node that was asked.
        #expect(map.master(forSlot: 16383) == RedisNodeAddress(host: "10.0.0.9", port: 7103))
        #expect(map.servingMasters.map(\.port) == [7101, 7102, 7103])
        #expect(map.nodes.map(\.port) == [7101, 7102, 7103, 7104, 7106])
    }

    @Test func readsSlots() throws {
        func endpoint(_ host: String, _ port: Int) -> RedisReply { .array([.bulk(Array(host.utf8)), .integer(port), .bulk(Array("id".utf8))]) }
        let reply = RedisReply.array([
            .array([.integer(0), .integer(8191), endpoint("127.0.0.1", 7101), endpoint("127.0.0.1", 7104)]),
            .array([.integer(8192), .integer(16383), endpoint("?", 7102)]),
        ])
        let map = try RedisClusterMap(slots: reply, askedNode: asked)
        #expect(map.coveredSlots == RedisClusterSlot.count)
        #expect(map.master(forSlot: 8191)?.port == 7101)
        #expect(map.master(forSlot: 8192) == RedisNodeAddress(host: "10.0.0.9", port: 7102))
        #expect(map.replicas[RedisNodeAddress(host: "127.0.0.1", port: 7101)] == [RedisNodeAddress(host: "127.0.0.1", port: 7104)])
    }

    @Test func refusesOddShapes() {
        #expect(throws: RedisError.self) { try RedisClusterMap(slots: .integer(1), askedNode: asked) }
        #expect(throws: RedisError.self) {
            try RedisClusterMap(slots: .array([.array([.integer(5), .integer(99_999), .array([])])]), askedNode: asked)
        }
        #expect(throws: RedisError.self) { try RedisClusterMap(shards: .array([.array([])]), askedNode: asked) }
    }

    @Test func movedReassignsOneSlot() throws {
        var map = RedisClusterMap()
        #expect(map.master(forSlot: 42) == nil && map.coveredSlots == 0)
        let other = RedisNodeAddress(host: "127.0.0.1", port: 7200)
        map.assign(slot: 42, to: other)
        #expect(map.master(forSlot: 42) == other)
        #expect(map.master(forSlot: 43) == nil)
        #expect(map.servingMasters == [other])
    }
}

@Suite("MOVED, ASK, TRYAGAIN and CLUSTERDOWN answers")
struct RedisClusterAnswerTests {
    let node = RedisNodeAddress(host: "10.1.1.1", port: 7101)

    @Test func readsRedirects() {
        #expect(RedisClusterAnswer(.error("MOVED 3999 127.0.0.1:6381"), from: node) == .moved(slot: 3999, node: .init(host: "127.0.0.1", port: 6381)))
        #expect(RedisClusterAnswer(.error("ASK 12 10.0.0.2:7000"), from: node) == .ask(slot: 12, node: .init(host: "10.0.0.2", port: 7000)))
        // No host: the node that answered; IPv6 hosts come without brackets.
        #expect(RedisClusterAnswer(.error("MOVED 1 :7102"), from: node) == .moved(slot: 1, node: .init(host: "10.1.1.1", port: 7102)))
        #expect(RedisClusterAnswer(.error("MOVED 1 fe80::1:7102"), from: node) == .moved(slot: 1, node: .init(host: "fe80::1", port: 7102)))
        #expect(RedisClusterAnswer(.error("TRYAGAIN Multiple keys request during rehashing of slot"), from: node) == .retryLater)
        #expect(RedisClusterAnswer(.error("CLUSTERDOWN The cluster is down"), from: node) == .retryLater)
    }

    @Test func ignoresEverythingElse() {
        #expect(RedisClusterAnswer(.error("ERR unknown command"), from: node) == nil)
        #expect(RedisClusterAnswer(.error("MOVED x 127.0.0.1:1"), from: node) == nil)
        #expect(RedisClusterAnswer(.error("MOVED 99999 127.0.0.1:1"), from: node) == nil)
        #expect(RedisClusterAnswer(.status("MOVED 1 127.0.0.1:1"), from: node) == nil)
        #expect(RedisClusterAnswer(.bulk(Array("ASK 1 a:1".utf8)), from: node) == nil)
    }

    @Test func clusterRefusalsMeanUnavailable() {
        for text in ["CLUSTERDOWN The cluster is down", "TRYAGAIN x", "MOVED 1 a:1", "ASK 1 a:1"] {
            #expect(RedisError.server(text).isUnavailable, "\(text)")
        }
        #expect(!RedisError.server("CROSSSLOT Keys in request don't hash to the same slot").isUnavailable)
    }
}
