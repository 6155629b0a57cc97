import RediclaimRedis
import Testing
import TestSupport

/// Routing on the local cluster (three masters, three replicas): every test uses keys of its own.
@Suite("RedisClient in cluster mode (local Redis Cluster)", .timeLimit(.minutes(1)))
struct RedisClusterRoutingTests {
    /// The masters' ports and the slot ranges they serve, as the cluster itself says.
    private func masters(_ client: RedisClient) async throws -> [(port: Int, slots: [ClosedRange<Int>])] {
        let shards = try #require(try await client.send("CLUSTER", "SLOTS").array)
        var byPort: [Int: [ClosedRange<Int>]] = [:]
        for shard in shards {
            let items = try #require(shard.array)
            let start = try #require(items[0].int), end = try #require(items[1].int)
            let port = try #require(items[2].array?[1].int)
            byPort[port, default: []].append(start...end)
        }
        return byPort.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    @Test("each key lands on the master serving its slot, and keys spread over all three masters")
    func routesByHashSlot() async throws {
        try await withClient(try clusterConfiguration()) { client async throws in
            let prefix = uniqueName("route")
            let keys = (0..<30).map { "\(prefix):{k\($0)}" }
            for key in keys { #expect(try await client.send("SET", key, key) == .status("OK")) }
            let masters = try await masters(client)
            #expect(masters.count == 3)
            var owners: Set<Int> = []
            for key in keys {
                let slot = RedisClusterSlot.slot(forKey: key)
                #expect(try await client.send("CLUSTER", "KEYSLOT", key).int == slot, "our CRC16 agrees with the server")
                let owner = try #require(masters.first { $0.slots.contains { $0.contains(slot) } }).port
                owners.insert(owner)
                // The owner holds it: a plain client of that node reads it without a redirect.
                #expect(try await withNode(owner) { try await $0.send("GET", key).string } == key)
            }
            #expect(owners.count == 3, "30 tags should reach every master")
            _ = try await client.pipeline(keys.map { RedisCommand("DEL", $0) })
        }
    }

    @Test("a pipeline over many nodes: each node's share in order, replies in the caller's order")
    func pipelineSplitsAndReassembles() async throws {
        try await withClient(try clusterConfiguration()) { client async throws in
            let prefix = uniqueName("pipe")
            let keys = (0..<12).map { "\(prefix):{p\($0)}" }
            var commands: [RedisCommand] = []
            var expected: [RedisReply] = []
            var totals = [Int](repeating: 0, count: keys.count)
            for step in 0..<400 {
                let index = (step * 7) % keys.count
                totals[index] += step
                commands.append(RedisCommand("INCRBY", keys[index], step))
                expected.append(.integer(totals[index]))
                if step % 5 == 0 {
                    commands.append(RedisCommand("GET", keys[index]))
                    expected.append(.bulk(Array(String(totals[index]).utf8)))
                }
            }
            #expect(try await client.pipeline(commands) == expected)
            _ = try await client.pipeline(keys.map { RedisCommand("DEL", $0) })
        }
    }

    @Test("keys spanning slots are refused before anything is sent")
    func crossSlotRefused() async throws {
        try await withClient(try clusterConfiguration()) { client async throws in
            let prefix = uniqueName("cross")
            let error = await redisError { _ = try await client.send("DEL", "\(prefix):{a}", "\(prefix):{b}") }
            #expect(error?.code == .crossSlot)
            let marker = "\(prefix):{a}:marker"
            let pipelined = await redisError {
                _ = try await client.pipeline([RedisCommand("SET", marker, 1), RedisCommand("MGET", "\(prefix):{a}", "\(prefix):{b}")])
            }
            #expect(pipelined?.code == .crossSlot)
            #expect(try await client.send("EXISTS", marker) == .integer(0), "nothing of the refused pipeline ran")
            // One tag: one slot, so the same multi-key call runs.
            #expect(try await client.send("DEL", "\(prefix):{a}:1", "\(prefix):{a}:2") == .integer(0))
        }
    }

    @Test("scripts run on every master; each node loads them on first use")
    func scriptsOnEveryNode() async throws {
        try await withClient(try clusterConfiguration()) { client async throws in
            // A script no node has seen: EVALSHA answers NOSCRIPT on each and falls back to EVAL.
            let prefix = uniqueName("lua")
            let script = RedisScript("-- \(prefix)\nredis.call('SET', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[2])")
            let keys = (0..<9).map { "\(prefix):{s\($0)}" }
            let calls = keys.map { RedisCommand.evalsha(script, keys: [$0, $0], arguments: [$0]) }
            let replies = try await client.pipeline(calls)
            #expect(replies == keys.map { .bulk(Array($0.utf8)) })
            #expect(try await client.broadcast(RedisCommand("SCRIPT", "EXISTS", script.sha1)).allSatisfy { $0 == .array([.integer(1)]) })
            _ = try await client.pipeline(keys.map { RedisCommand("DEL", $0) })
        }
    }

    @Test("keyless commands: broadcast asks every master, a pipeline's MULTI/EXEC stays with its keys")
    func keylessCommands() async throws {
        try await withClient(try clusterConfiguration()) { client async throws in
            let counts = try await client.broadcast(RedisCommand("DBSIZE"))
            #expect(counts.count == 3 && counts.allSatisfy { $0.int != nil })
            try await client.ping()
            let key = "\(uniqueName("tx")):{t}"
            let replies = try await client.pipeline([
                RedisCommand("MULTI"), RedisCommand("INCR", key), RedisCommand("INCR", key), RedisCommand("EXEC"),
            ])
            #expect(replies == [.status("OK"), .status("QUEUED"), .status("QUEUED"), .array([.integer(1), .integer(2)])])
            _ = try await client.send("DEL", key)
        }
    }

    @Test("a seed that does not answer is skipped")
    func deadSeedSkipped() async throws {
        let dead = try LocalPorts.free()
        var configuration = try clusterConfiguration()
        configuration.clusterSeeds.insert(RedisNodeAddress(host: "127.0.0.1", port: dead), at: 0)
        try await withClient(configuration) { client async throws in
            let key = "\(uniqueName("seed")):{x}"
            #expect(try await client.send("SET", key, 1) == .status("OK"))
            _ = try await client.send("DEL", key)
        }
    }

    @Test("no seed answers: connectionFailed, which the gate reports as unavailable")
    func noSeedAnswers() async throws {
        let configuration = try RedisConfiguration(url: "redis+cluster://127.0.0.1:\(try LocalPorts.free()),127.0.0.1:\(try LocalPorts.free())/")
        try await withClient(configuration) { client async throws in
            let error = await redisError { _ = try await client.send("GET", "k") }
            #expect(error?.code == .connectionFailed && error?.isUnavailable == true)
        }
    }
}
