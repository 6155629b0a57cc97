import Testing

@testable import RediclaimRedis

@Suite("RedisConfiguration(url:)")
struct RedisConfigurationURLTests {
    @Test func hostPortAndDatabase() throws {
        let configuration = try RedisConfiguration(url: "redis://127.0.0.1:6391/0")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 6391)
        #expect(configuration.database == 0)
        #expect(configuration.password == nil)
        #expect(configuration.username == nil)
    }

    @Test func passwordWithoutUser() throws {
        let configuration = try RedisConfiguration(url: "redis://:s3cret@cache.internal:6380/3")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6380)
        #expect(configuration.password == "s3cret")
        #expect(configuration.username == nil)
        #expect(configuration.database == 3)
    }

    @Test func userAndPercentEncodedPassword() throws {
        let configuration = try RedisConfiguration(url: "redis://gate:p%40ss%3Aword@redis/1")
        #expect(configuration.username == "gate")
        #expect(configuration.password == "p@ss:word")
        #expect(configuration.port == 6379)
        #expect(configuration.database == 1)
    }

    @Test func defaultsWhenOnlyHostIsGiven() throws {
        let configuration = try RedisConfiguration(url: "redis://redis-master")
        #expect(configuration.host == "redis-master")
        #expect(configuration.port == 6379)
        #expect(configuration.database == 0)
        #expect(configuration.connectionCount == 2)
        #expect(configuration.commandTimeout == .seconds(5))
    }

    @Test(arguments: [
        "rediss://host:6379", "http://host", "redis://host/abc", "redis://host/-1", "redis:///0", "not a url",
        "redis://host:0",
    ])
    func rejectsBadURLs(_ url: String) {
        #expect(throws: RedisError.self) { try RedisConfiguration(url: url) }
        do {
            _ = try RedisConfiguration(url: url)
        } catch {
            #expect(error.code == .invalidConfiguration)
        }
    }

    @Test func descriptionMasksThePassword() throws {
        let configuration = try RedisConfiguration(url: "redis://:topsecret@10.0.0.5:6379/2")
        #expect(configuration.description == "redis://:***@10.0.0.5:6379/2")
        #expect(!configuration.description.contains("topsecret"))
    }

    @Test func validateRejectsNonsense() {
        var configuration = RedisConfiguration()
        configuration.connectionCount = 0
        #expect(throws: RedisError.self) { try configuration.validate() }
        configuration = RedisConfiguration(commandTimeout: .zero)
        #expect(throws: RedisError.self) { try configuration.validate() }
        #expect(throws: Never.self) { try RedisConfiguration(commandTimeout: nil).validate() }
    }
}
