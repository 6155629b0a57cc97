import Testing

import RediclaimRedis
import RediclaimStore

@Suite(.timeLimit(.minutes(1))) struct RedisKeysTests {
    @Test func namesEveryKeyOfAnEvent() {
        let keys = RedisKeys(eventId: 1001)
        #expect(keys.hashTag == "{e:1001}")
        #expect(keys.definition == "rc:{e:1001}:def")
        #expect(keys.counters == "rc:{e:1001}:ctr")
        #expect(keys.queue == "rc:{e:1001}:q")
        #expect(keys.users == "rc:{e:1001}:u")
        #expect(keys.pending == "rc:{e:1001}:pending")
        #expect(keys.released == "rc:{e:1001}:rlog")
        #expect(RedisKeys.events() == "rc:events")
    }

    @Test func keysAreDistinct() {
        let all = RedisKeys(eventId: 1001).all
        #expect(all.count == 9)
        #expect(Set(all).count == all.count)
    }

    @Test(arguments: [Int64(1), 7, 1001, 123_456_789, .max])
    func everyEventKeyCarriesTheTagAndMapsToOneSlot(eventId: Int64) {
        let keys = RedisKeys(eventId: eventId)
        let slot = RedisClusterSlot.slot(forKey: keys.hashTag)
        for key in keys.all {
            #expect(key.hasPrefix("rc:{e:\(eventId)}:"))
            // Exactly one hash tag, so Redis hashes only the tag content.
            #expect(key.filter { $0 == "{" }.count == 1)
            #expect(key.filter { $0 == "}" }.count == 1)
            #expect(RedisClusterSlot.slot(forKey: key) == slot)
        }
    }

    @Test func namespaceIsolatesDeployments() {
        let keys = RedisKeys(eventId: 1001, namespace: "test-42")
        #expect(keys.queue == "test-42:{e:1001}:q")
        #expect(RedisKeys.events(namespace: "test-42") == "test-42:events")
        #expect(RedisClusterSlot.slot(forKey: keys.queue) == RedisClusterSlot.slot(forKey: "rc:{e:1001}:q"))
    }

    @Test(arguments: [("rc", true), ("t:x-1", true), ("", false), ("a{b", false), ("a}b", false)])
    func namespaceRules(namespace: String, valid: Bool) {
        #expect(RedisKeys.isValidNamespace(namespace) == valid)
    }

    @Test func differentEventsUseDifferentTags() {
        #expect(RedisKeys(eventId: 1).queue != RedisKeys(eventId: 11).queue)
        #expect(RedisKeys(eventId: 1).hashTag != RedisKeys(eventId: 11).hashTag)
    }
}
