import Foundation
import Testing

@testable import RediclaimConfig

@Suite("Config loading")
struct ConfigLoaderTests {
    func tempFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rc-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("defaults alone give a valid configuration")
    func defaults() throws {
        let config = try RediclaimConfiguration(ConfigLoader.load(environment: [:]))
        #expect(config.gate.port == 8080)
        #expect(config.kafka.requestTopic == "coupon.issue.requested")
        #expect(config.issuer.batchSize == 500)
        #expect(config.gate.ticketSecret == nil)
    }

    @Test("file, then environment, then --set: later wins, and the source is kept")
    func precedence() throws {
        let file = try tempFile("gate:\n  port: 9001\n  tickMs: 50\nissuer:\n  batchSize: 100\n")
        let values = try ConfigLoader.load(
            file: file, environment: ["REDICLAIM_GATE_PORT": "9002", "REDICLAIM_ISSUER_BATCH_SIZE": "200"],
            overrides: ["issuer.batchSize=300"])
        let config = try RediclaimConfiguration(values)
        #expect(config.gate.tickMs == 50)
        #expect(config.gate.port == 9002)
        #expect(config.issuer.batchSize == 300)
        #expect(values.source("gate.tickMs") == .file(file))
        #expect(values.source("gate.port") == .environment("REDICLAIM_GATE_PORT"))
        #expect(values.source("issuer.batchSize") == .flag)
    }

    @Test("nested YAML keys such as gate.rateLimit.ipBurst are read")
    func nestedKeys() throws {
        let file = try tempFile("gate:\n  rateLimit:\n    ipBurst: 77\n")
        let config = try RediclaimConfiguration(ConfigLoader.load(file: file, environment: [:]))
        #expect(config.gate.rateLimit.ipBurst == 77)
    }

    @Test("REDICLAIM_CONFIG names the file when --config is absent")
    func fileFromEnvironment() throws {
        let file = try tempFile("log:\n  level: debug\n")
        let config = try RediclaimConfiguration(ConfigLoader.load(environment: ["REDICLAIM_CONFIG": file]))
        #expect(config.log.level == "debug")
    }

    @Test("an unknown key in a file is an error naming the key")
    func unknownFileKey() throws {
        let file = try tempFile("gate:\n  prot: 1\n")
        let error = try #require(throws: ConfigError.self) { try ConfigLoader.load(file: file, environment: [:]) }
        #expect(error.key == "gate.prot")
    }

    @Test("a malformed --set and an unknown --set key are errors")
    func badOverrides() {
        #expect(throws: ConfigError.self) { try ConfigLoader.load(environment: [:], overrides: ["gate.port"]) }
        #expect(throws: ConfigError.self) { try ConfigLoader.load(environment: [:], overrides: ["nope=1"]) }
    }

    @Test("out-of-range and non-numeric values name the key and the source")
    func badNumbers() throws {
        let error = try #require(throws: ConfigError.self) {
            try RediclaimConfiguration(ConfigLoader.load(environment: ["REDICLAIM_GATE_PORT": "http"]))
        }
        #expect(error.key == "gate.port")
        #expect(error.message.contains("REDICLAIM_GATE_PORT"))
        #expect(throws: ConfigError.self) {
            try RediclaimConfiguration(ConfigLoader.load(environment: [:], overrides: ["issuer.batchSize=0"]))
        }
        #expect(throws: ConfigError.self) {
            try RediclaimConfiguration(ConfigLoader.load(environment: [:], overrides: ["kafka.compression=brotli"]))
        }
    }

    @Test("a missing or invalid file is a clear error")
    func badFile() throws {
        let missing = try #require(throws: ConfigError.self) {
            try ConfigLoader.load(file: "/nonexistent/rc.yaml", environment: [:])
        }
        #expect(missing.message.contains("/nonexistent/rc.yaml"))
        let list = try tempFile("gate:\n  port: [1, 2]\n")
        #expect(throws: ConfigError.self) { try ConfigLoader.load(file: list, environment: [:]) }
        let broken = try tempFile("gate: {port: \n")
        #expect(throws: ConfigError.self) { try ConfigLoader.load(file: broken, environment: [:]) }
    }

    @Test("secrets come from *_FILE variables and never print")
    func secrets() throws {
        let secretFile = try tempFile("s3cr3t-value\n")
        let values = try ConfigLoader.load(environment: [
            "REDICLAIM_GATE_TICKET_SECRET_FILE": secretFile, "REDICLAIM_GATE_ADMIN_TOKEN": "admin-token-value",
        ])
        let config = try RediclaimConfiguration(values)
        #expect(config.gate.ticketSecret?.value == "s3cr3t-value")
        #expect("\(config.gate.adminToken!)" == "****")
        let printed = values.rendered()
        #expect(!printed.contains("s3cr3t-value"))
        #expect(!printed.contains("admin-token-value"))
        #expect(printed.contains("gate.ticketSecret"))
    }
}
