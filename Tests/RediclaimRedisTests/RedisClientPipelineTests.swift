import RediclaimRedis
import Testing
import TestSupport

@Suite("RedisClient pipelining (shared Redis)", .timeLimit(.minutes(1)))
struct RedisClientPipelineTests {
    @Test func tenThousandCommandsComeBackInOrder() async throws {
        try await withClient { client async throws in
            let key = uniqueName("incr")
            let replies = try await client.pipeline(Array(repeating: RedisCommand("INCR", key), count: 10_000))
            #expect(replies.count == 10_000)
            #expect(replies.map(\.int) == (1...10_000).map { Optional($0) })
            _ = try await client.send("DEL", key)
        }
    }

    @Test func errorRepliesStayInPlace() async throws {
        try await withClient { client async throws in
            let key = uniqueName("mixed")
            let replies = try await client.pipeline([
                RedisCommand("SET", key, "text"),
                RedisCommand("INCR", key),
                RedisCommand("GET", key),
                RedisCommand("NOSUCHCOMMAND"),
                RedisCommand("DEL", key),
            ])
            #expect(replies.count == 5)
            #expect(replies[0] == .status("OK"))
            #expect(replies[1].errorMessage?.hasPrefix("ERR value is not an integer") == true)
            #expect(replies[2] == .bulk(bytes("text")))
            #expect(replies[3].errorMessage?.contains("unknown command") == true)
            #expect(replies[4] == .integer(1))
            #expect(try await client.pipeline([]) == [])
        }
    }

    @Test func tenThousandConcurrentSendsGetTheirOwnReplies() async throws {
        try await withClient { client async throws in
            let key = uniqueName("concurrent")
            let results = try await withThrowingTaskGroup(of: (Int, RedisReply, Int).self) { group in
                for index in 0..<10_000 {
                    group.addTask {
                        let echo = try await client.send("ECHO", "caller-\(index)")
                        let count = try await client.send("INCR", key).int ?? -1
                        return (index, echo, count)
                    }
                }
                var results: [(Int, RedisReply, Int)] = []
                for try await result in group { results.append(result) }
                return results
            }
            #expect(results.count == 10_000)
            #expect(results.allSatisfy { $0.1 == .bulk(bytes("caller-\($0.0)")) })
            #expect(Set(results.map(\.2)) == Set(1...10_000))
            #expect(try await client.send("GET", key).int == 10_000)
            _ = try await client.send("DEL", key)
        }
    }

    @Test(arguments: [16, 1024])
    func concurrentPipelinesStayWholeAndOrdered(maxBatchSize: Int) async throws {
        try await withClient(sharedConfiguration { $0.maxBatchSize = maxBatchSize }) { client async throws in
            let prefix = uniqueName("pipes")
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for caller in 0..<200 {
                    group.addTask {
                        let key = "\(prefix):\(caller)"
                        let replies = try await client.pipeline(Array(repeating: RedisCommand("INCR", key), count: 7 + caller % 13))
                        _ = try await client.send("DEL", key)
                        return replies.map(\.int) == (1...(7 + caller % 13)).map { Optional($0) }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.count == 200)
            #expect(outcomes.allSatisfy { $0 })
        }
    }

    @Test func scriptsRunInsidePipelines() async throws {
        try await withClient { client async throws in
            let key = uniqueName("zscript")
            let script = RedisScript("return redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])")
            let commands = (0..<500).map { RedisCommand.evalsha(script, keys: [key], arguments: [$0, "member-\($0)"]) }
            let replies = try await client.pipeline(commands)
            #expect(replies == Array(repeating: .integer(1), count: 500))
            #expect(try await client.send("ZCARD", key) == .integer(500))
            _ = try await client.send("DEL", key)
        }
    }
}
