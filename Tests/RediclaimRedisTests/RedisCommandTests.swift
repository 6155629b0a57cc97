import Testing

@testable import RediclaimRedis

@Suite("RedisCommand and RedisScript")
struct RedisCommandTests {
    private func text(_ command: RedisCommand) -> [String] {
        command.arguments.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func buildsArgumentsFromMixedTypes() {
        let command = RedisCommand("ZADD", "queue:1001", 12, "u-42")
        #expect(text(command) == ["ZADD", "queue:1001", "12", "u-42"])
        #expect(command.name == "ZADD")
    }

    @Test func formatsNumbers() {
        let command = RedisCommand("X", 1.5, Double.infinity, -Double.infinity, Int64(-7), UInt64.max, 0)
        #expect(text(command) == ["X", "1.5", "+inf", "-inf", "-7", "18446744073709551615", "0"])
    }

    @Test func keepsBinaryAndEmptyArgumentsIntact() {
        let bytes: [UInt8] = [0, 255, 0xC3, 0x28, 13, 10]
        let command = RedisCommand("SET", bytes, "")
        #expect(command.arguments == [Array("SET".utf8), bytes, []])
        #expect(command.resp == Array("*3\r\n$3\r\nSET\r\n$6\r\n".utf8) + bytes + Array("\r\n$0\r\n\r\n".utf8))
        #expect(command.argumentCount == 3)
        #expect(RedisCommand(arguments: command.arguments) == RedisCommand("SET", bytes, ""))
    }

    @Test func appendRewritesTheArgumentCount() {
        var command = RedisCommand("DEL", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8")
        command.append("k9")
        command.append("k10")
        #expect(command.argumentCount == 11)
        #expect(text(command) == ["DEL"] + (1...10).map { "k\($0)" })
        #expect(command.resp.starts(with: Array("*11\r\n$3\r\nDEL\r\n".utf8)))
    }

    @Test func buildsFromAnArgumentList() {
        let arguments: [any RedisArgumentConvertible] = ["k", 3, 2.25]
        #expect(text(RedisCommand("HSET", arguments: arguments)) == ["HSET", "k", "3", "2.25"])
    }

    @Test func evalshaAndItsFallback() throws {
        let script = RedisScript("return KEYS[1] .. ARGV[1]")
        let command = RedisCommand.evalsha(script, keys: ["k1", "k2"], arguments: ["a", 5])
        #expect(text(command) == ["EVALSHA", script.sha1, "2", "k1", "k2", "a", "5"])
        let fallback = try #require(command.evalFallback())
        #expect(text(fallback) == ["EVAL", script.source, "2", "k1", "k2", "a", "5"])
        #expect(RedisCommand("GET", "k").evalFallback() == nil)
    }

    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("return 1", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"),
    ])
    func sha1MatchesKnownDigests(_ input: String, _ digest: String) {
        #expect(RedisScript(input).sha1 == digest)
    }

    @Test func sha1OfALongMessage() {
        // One million 'a' characters (FIPS 180 test vector), spanning many blocks.
        #expect(SHA1.hexDigest(of: [UInt8](repeating: 0x61, count: 1_000_000))
            == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }
}
