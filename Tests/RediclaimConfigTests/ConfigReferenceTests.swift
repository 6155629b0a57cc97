import Foundation
import Testing

@testable import RediclaimConfig

@Suite("Each setting declared once; the README's reference is the code's (no servers)")
struct ConfigReferenceTests {
    static var readme: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }

    @Test("the README's configuration reference equals what the code generates (run scripts/config-docs.sh)")
    func readmeIsCurrent() throws {
        let text = Self.readme
        let begin = try #require(text.range(of: "<!-- config-reference:begin -->\n"))
        let end = try #require(text.range(of: "\n<!-- config-reference:end -->"))
        #expect(String(text[begin.upperBound..<end.lowerBound]) == ConfigKeys.markdownTable())
    }

    @Test("every key's default is the property's initial value, and applying it changes nothing")
    func defaultsRoundTrip() throws {
        let defaults = RediclaimConfiguration()
        for setting in RediclaimConfiguration.settings {
            guard let value = setting.value(in: defaults) else { continue }
            var copy = defaults
            try setting.apply(&copy, value, .flag)
            #expect(setting.value(in: copy) == value, "\(setting.name)")
        }
    }

    @Test("a value outside its range names the key, the range and the source")
    func ranges() {
        #expect(throws: ConfigError(key: "redis.connections", "65 is outside 1...64 (from flag)")) {
            try RediclaimConfiguration.load(file: nil, overrides: ["redis.connections=65"])
        }
        #expect(throws: ConfigError(key: "log.format", "'xml' is not one of text|json (from flag)")) {
            try RediclaimConfiguration.load(file: nil, overrides: ["log.format=xml"])
        }
    }
}
