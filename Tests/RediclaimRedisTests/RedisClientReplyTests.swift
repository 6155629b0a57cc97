import RediclaimRedis
import Testing
import TestSupport

@Suite("RedisClient replies (shared Redis)", .timeLimit(.minutes(1)))
struct RedisClientReplyTests {
    @Test func typedRepliesOfEachKind() async throws {
        try await withClient { client async throws in
            let key = uniqueName("reply")
            #expect(try await client.send("SET", key, "v1") == .status("OK"))
            #expect(try await client.send("GET", key) == .bulk(bytes("v1")))
            #expect(try await client.send("GET", key + ":missing") == .null)
            #expect(try await client.send("INCR", key + ":n") == .integer(1))
            _ = try await client.send("RPUSH", key + ":list", "a", "b", 3)
            #expect(try await client.send("LRANGE", key + ":list", 0, -1) == .array([.bulk(bytes("a")), .bulk(bytes("b")), .bulk(bytes("3"))]))
            let nested = try await client.send("EVAL", "return {1, {'x', 2}, redis.status_reply('FINE')}", 0)
            #expect(nested == .array([.integer(1), .array([.bulk(bytes("x")), .integer(2)]), .status("FINE")]))
            #expect(try await client.send("ZSCORE", key + ":missing", "m").isNull)
            _ = try await client.send("DEL", key, key + ":n", key + ":list")
            try await client.ping()
        }
    }

    @Test func errorReplyThrowsWithTheServerMessage() async throws {
        try await withClient { client async throws in
            let key = uniqueName("wrongtype")
            _ = try await client.send("SET", key, "string")
            let error = await redisError { _ = try await client.send("LPUSH", key, "x") }
            #expect(error?.code == .serverError)
            #expect(error?.serverMessage?.hasPrefix("WRONGTYPE") == true)
            #expect(error?.serverErrorPrefix == "WRONGTYPE")
            // The connection stays usable after an error reply.
            #expect(try await client.send("GET", key) == .bulk(bytes("string")))
            _ = try await client.send("DEL", key)
        }
    }

    @Test func binaryValuesRoundTrip() async throws {
        try await withClient { client async throws in
            let key = bytes(uniqueName("bin")) + [0, 0xFF, 0x0A]
            let value: [UInt8] = [0, 0xFF, 0xC3, 0x28, 13, 10, 0, 0x80]
            #expect(try await client.send(RedisCommand("SET", key, value)) == .status("OK"))
            let reply = try await client.send(RedisCommand("GET", key))
            #expect(reply.bytes == value)
            #expect(reply.string == nil)

            let large = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
            _ = try await client.send(RedisCommand("SET", key, large))
            #expect(try await client.send(RedisCommand("GET", key)).bytes == large)

            _ = try await client.send(RedisCommand("SET", key, ""))
            #expect(try await client.send(RedisCommand("GET", key)) == .bulk([]))
            _ = try await client.send(RedisCommand("DEL", key))
        }
    }

    @Test func selectsTheConfiguredDatabase() async throws {
        let key = uniqueName("db")
        try await withClient(sharedConfiguration { $0.database = 5 }) { client async throws in
            _ = try await client.send("SET", key, "in-5", "EX", 60)
            #expect(try await client.send("CLIENT", "INFO").string?.contains(" db=5 ") == true)
        }
        try await withClient { client async throws in
            #expect(try await client.send("GET", key) == .null)
        }
    }

    @Test func scriptShaMatchesTheServer() async throws {
        try await withClient { client async throws in
            let script = RedisScript("return 'sha-check \(uniqueName("s"))'")
            #expect(try await client.send("SCRIPT", "LOAD", script.source).string == script.sha1)
        }
    }
}
