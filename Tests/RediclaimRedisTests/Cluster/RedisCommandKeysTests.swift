import Testing

@testable import RediclaimRedis

@Suite("Keys of a command, for routing by hash slot")
struct RedisCommandKeysTests {
    private func keys(_ command: RedisCommand) -> [String] { command.keys.map { String(decoding: $0, as: UTF8.self) } }

    @Test func commonCommandsNameTheirKeys() {
        #expect(keys(RedisCommand("GET", "a")) == ["a"])
        #expect(keys(RedisCommand("hset", "h", "f", "v")) == ["h"])
        #expect(keys(RedisCommand("ZRANGE", "z", 0, -1, "WITHSCORES")) == ["z"])
        #expect(keys(RedisCommand("DEL", "a", "b", "c")) == ["a", "b", "c"])
        #expect(keys(RedisCommand("BLPOP", "a", "b", 5)) == ["a", "b"])
        #expect(keys(RedisCommand("MSET", "a", 1, "b", 2)) == ["a", "b"])
        #expect(keys(RedisCommand("RENAME", "a", "b")) == ["a", "b"])
        #expect(keys(RedisCommand("ZUNIONSTORE", "d", 2, "a", "b", "WEIGHTS", 1, 2)) == ["d", "a", "b"])
        #expect(keys(RedisCommand("ZINTER", 2, "a", "b")) == ["a", "b"])
        #expect(keys(RedisCommand("MEMORY", "USAGE", "k")) == ["k"])
        #expect(keys(RedisCommand("SOMEFUTURECOMMAND", "k", "x")) == ["k"])
    }

    @Test func keylessCommandsHaveNoSlot() throws {
        for command in [
            RedisCommand("PING"), RedisCommand("TIME"), RedisCommand("KEYS", "rc:*"), RedisCommand("CLUSTER", "SHARDS"),
            RedisCommand("SCRIPT", "FLUSH"), RedisCommand("WAIT", 1, 100), RedisCommand("MULTI"),
        ] {
            #expect(try command.hashSlot() == nil, "\(command.name)")
        }
    }

    @Test func scriptCallsRouteByTheirKeysOnly() throws {
        let script = RedisScript("return 1")
        let call = RedisCommand.evalsha(script, keys: ["rc:{e:7}:q", "rc:{e:7}:u"], arguments: ["rc:events", 3])
        #expect(keys(call) == ["rc:{e:7}:q", "rc:{e:7}:u"])
        #expect(try call.hashSlot() == RedisClusterSlot.slot(forKey: "e:7"))
        #expect(try call.evalFallback()?.hashSlot() == RedisClusterSlot.slot(forKey: "e:7"))
        #expect(try RedisCommand.evalsha(script, keys: []).hashSlot() == nil)
    }

    @Test func keysOfOneTagShareASlot() throws {
        #expect(try RedisCommand("DEL", "rc:{e:1}:q", "rc:{e:1}:u", "other:{e:1}").hashSlot() == RedisClusterSlot.slot(forKey: "e:1"))
    }

    @Test func keysSpanningSlotsAreRefusedClearly() {
        #expect {
            try RedisCommand("DEL", "rc:{e:1}:q", "rc:events").hashSlot()
        } throws: { error in
            guard let error = error as? RedisError, error.code == .crossSlot else { return false }
            // The message is safe to show (slots, no key names); the keys are in the detail for logs.
            return error.message.contains("DEL") && !error.message.contains("rc:events")
                && error.detail?.contains("rc:events") == true && !error.isUnavailable
        }
        let script = RedisScript("return 1")
        #expect(throws: RedisError.self) { try RedisCommand.evalsha(script, keys: ["rc:{e:1}:q", "rc:{e:2}:q"]).hashSlot() }
    }

    @Test func argumentRangesMatchTheDecodedArguments() {
        let command = RedisCommand("SET", "k\r\n", [UInt8](repeating: 7, count: 300), "")
        #expect(command.argumentRanges.map { Array(command.resp[$0]) } == command.arguments)
    }
}
