import Testing

@testable import RediclaimRedis

@Suite(.timeLimit(.minutes(1))) struct RedisClusterSlotTests {
    @Test func crc16XmodemCheckValue() {
        // The standard check input for CRC-16/XMODEM.
        #expect(RedisClusterSlot.crc16(Array("123456789".utf8)) == 0x31C3)
        #expect(RedisClusterSlot.crc16([UInt8]()) == 0)
    }

    /// Expected slots were read from `CLUSTER KEYSLOT` of a cluster-enabled redis-server 7.0.
    @Test(arguments: [
        ("123456789", 12_739),
        ("foo", 12_182),
        ("bar", 5_061),
        ("hello", 866),
        ("somekey", 11_058),
        ("rc:{e:1001}:def", 10_822),
        ("rc:{e:1001}:q", 10_822),
        ("e:1001", 10_822),
        ("rc:{e:9223372036854775807}:q", 15_047),
        ("{}foo", 9_500),  // empty tag: the whole key is hashed
        ("a{}b{c}", 7_353),  // only the first { counts, and its tag is empty
        ("x{e:7}", 7_281),
        ("{", 4_092),  // no closing brace
        ("rc:events", 8_508),
        ("", 0),
    ])
    func matchesRedisClusterKeyslot(key: String, slot: Int) {
        #expect(RedisClusterSlot.slot(forKey: key) == slot)
    }

    @Test func slotsStayInRange() {
        for id in 1...2_000 {
            #expect((0..<RedisClusterSlot.count).contains(RedisClusterSlot.slot(forKey: "rc:{e:\(id)}:q")))
        }
    }
}
