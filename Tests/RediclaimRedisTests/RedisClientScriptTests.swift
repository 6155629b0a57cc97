import RediclaimRedis
import Testing
import TestSupport

/// SCRIPT FLUSH empties the script cache of the whole server, so it runs on a private instance.
@Suite("RedisClient scripts after SCRIPT FLUSH (private Redis)", .timeLimit(.minutes(1)))
struct RedisClientScriptTests {
    @Test func evalFallsBackAfterScriptFlush() async throws {
        let server = try await PrivateRedis()
        try await withClient(RedisConfiguration(port: server.port)) { client async throws in
            let script = RedisScript("return redis.call('INCR', KEYS[1])")
            #expect(try await client.eval(script, keys: ["n"]) == .integer(1))
            #expect(try await client.send("SCRIPT", "EXISTS", script.sha1) == .array([.integer(1)]))

            #expect(try await client.send("SCRIPT", "FLUSH") == .status("OK"))
            #expect(try await client.send("SCRIPT", "EXISTS", script.sha1) == .array([.integer(0)]))
            #expect(try await client.eval(script, keys: ["n"]) == .integer(2))
            // The EVAL fallback cached it again: EVALSHA works directly now.
            #expect(try await client.send("SCRIPT", "EXISTS", script.sha1) == .array([.integer(1)]))
        }
        await server.stop()
    }

    @Test func pipelineRetriesNoscriptCommands() async throws {
        let server = try await PrivateRedis()
        try await withClient(RedisConfiguration(port: server.port)) { client async throws in
            let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
            _ = try await client.send("SCRIPT", "FLUSH")
            let replies = try await client.pipeline([
                .evalsha(script, keys: ["a"], arguments: [1]),
                RedisCommand("SET", "plain", "x"),
                .evalsha(script, keys: ["a"], arguments: [10]),
                RedisCommand("EVALSHA", script.sha1, 1, "a", 100),  // no script attached: not retried
            ])
            #expect(replies[0] == .integer(1))
            #expect(replies[1] == .status("OK"))
            #expect(replies[2] == .integer(11))
            #expect(replies[3].errorMessage?.hasPrefix("NOSCRIPT") == true)
        }
        await server.stop()
    }

    @Test func scriptErrorsAreServerErrors() async throws {
        try await withClient { client async throws in
            let script = RedisScript("return redis.error_reply('GATE_CLOSED event is closed')")
            let error = await redisError { _ = try await client.eval(script) }
            #expect(error?.code == .serverError)
            #expect(error?.message == "Redis answered an error (GATE_CLOSED)")
            #expect(error?.serverMessage == "GATE_CLOSED event is closed")
            let replies = try await client.pipeline([.evalsha(script, keys: [])])
            #expect(replies == [.error("GATE_CLOSED event is closed")])
        }
    }
}
