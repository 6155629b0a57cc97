import Testing

@testable import RediclaimConfig

@Suite("Config keys")
struct ConfigKeyTests {
    @Test("environment variable names follow the dotted camelCase key", arguments: [
        ("redis.url", "REDICLAIM_REDIS_URL"),
        ("gate.ticketSecret", "REDICLAIM_GATE_TICKET_SECRET"),
        ("gate.rateLimit.ipPerSecond", "REDICLAIM_GATE_RATE_LIMIT_IP_PER_SECOND"),
        ("issuer.batchWaitMs", "REDICLAIM_ISSUER_BATCH_WAIT_MS"),
    ])
    func environmentNames(key: String, variable: String) throws {
        let configKey = try #require(ConfigKeys.key(named: key))
        #expect(configKey.environmentVariable == variable)
    }

    @Test("key names and their environment variables are unique")
    func unique() {
        let names = ConfigKeys.all.map(\.name)
        #expect(Set(names).count == names.count)
        let variables = ConfigKeys.all.map(\.environmentVariable)
        #expect(Set(variables).count == variables.count)
    }

    @Test("only secrets have a *_FILE variable")
    func fileVariables() throws {
        #expect(try #require(ConfigKeys.key(named: "mysql.password")).fileVariable == "REDICLAIM_MYSQL_PASSWORD_FILE")
        #expect(try #require(ConfigKeys.key(named: "mysql.url")).fileVariable == nil)
    }
}
