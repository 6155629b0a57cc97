import RediclaimRedis
import Testing

@Suite("redis+cluster:// URLs and node addresses")
struct RedisClusterURLTests {
    @Test func readsSeedNodes() throws {
        let configuration = try RedisConfiguration(url: "redis+cluster://10.0.0.1:7000,10.0.0.2:7001, redis-2 ,[fe80::1]:7003/")
        #expect(configuration.isCluster)
        #expect(configuration.clusterSeeds == [
            RedisNodeAddress(host: "10.0.0.1", port: 7000), RedisNodeAddress(host: "10.0.0.2", port: 7001),
            RedisNodeAddress(host: "redis-2", port: 6379), RedisNodeAddress(host: "fe80::1", port: 7003),
        ])
        #expect(configuration.database == 0)
        #expect(configuration.password == nil)
        #expect(!(try RedisConfiguration(url: "redis://10.0.0.1:7000/0")).isCluster)
    }

    @Test func readsCredentialsAndMasksThem() throws {
        let configuration = try RedisConfiguration(url: "redis+cluster://gate:p%40ss@w:ord@h1:7000,h2:7001")
        #expect(configuration.username == "gate")
        #expect(configuration.password == "p@ss@w:ord")
        #expect(configuration.description == "redis+cluster://gate:***@h1:7000,h2:7001/")
        let passwordOnly = try RedisConfiguration(url: "redis+cluster://:s3cret@h1:7000/0")
        #expect(passwordOnly.username == nil && passwordOnly.password == "s3cret")
    }

    @Test(arguments: ["redis+cluster://", "redis+cluster:///", "redis+cluster://h1:7000/3", "redis+cluster://h1:99999", "redis+cluster://h1:x"])
    func rejectsBadClusterURLs(_ url: String) {
        #expect(throws: RedisError.self) { try RedisConfiguration(url: url) }
    }

    @Test func nodeAddresses() throws {
        #expect(try RedisNodeAddress(parsing: "h:1") == RedisNodeAddress(host: "h", port: 1))
        #expect(try RedisNodeAddress(parsing: "h") == RedisNodeAddress(host: "h", port: 6379))
        #expect(try RedisNodeAddress(parsing: "::1") == RedisNodeAddress(host: "::1", port: 6379))
        #expect(try RedisNodeAddress(parsing: "[::1]:7000").description == "[::1]:7000")
        #expect(throws: RedisError.self) { try RedisNodeAddress(parsing: ":7000") }
        #expect(throws: RedisError.self) { try RedisNodeAddress(parsing: "[::1") }
    }
}
