import Foundation
import Testing

/// The alert rules load (`promtool check rules`), behave as their unit tests say (`promtool test rules`),
/// and each carries what an operator needs: a summary, a severity and a runbook section that exists.
@Suite("Monitoring: alert rules", .timeLimit(.minutes(1)))
struct MonitoringRulesTests {
    static let directory = "k8s/monitoring"
    static let rulesFile = "rediclaim-rules.yaml"
    static let testsFile = "rediclaim-rules.test.yaml"

    /// Absent promtool is a failure with a hint, never a silent pass.
    static func promtool() throws -> String {
        try DeployPaths.systemTool(
            "promtool", installHint: "install Debian's prometheus package (scripts/setup.sh does); the rule tests need it")
    }

    static func alerts() async throws -> [JSONValue] {
        let file = try await YAMLDocuments.parseFile("\(directory)/\(rulesFile)")
        return file.first?["groups"].array.flatMap { $0["rules"].array }.filter { $0["alert"].string != nil } ?? []
    }

    @Test("promtool check rules accepts the rules file")
    func checkRules() async throws {
        let output = try await Tool.run(try Self.promtool(), ["check", "rules", Self.rulesFile], in: DeployPaths.file(Self.directory))
        #expect(output.status == 0, "promtool check rules:\n\(output.combined)")
    }

    @Test("promtool test rules: every alert fires on its series and stays quiet on the others")
    func unitTests() async throws {
        let output = try await Tool.run(try Self.promtool(), ["test", "rules", Self.testsFile], in: DeployPaths.file(Self.directory))
        #expect(output.status == 0, "promtool test rules:\n\(output.combined)")
    }

    @Test("every alert has a test where it fires and one where it must not")
    func everyAlertIsTestedBothWays() async throws {
        let tests = try await YAMLDocuments.parseFile("\(Self.directory)/\(Self.testsFile)")
        let cases = tests.first?["tests"].array.flatMap { $0["alert_rule_test"].array } ?? []
        let alerts = try await Self.alerts()
        #expect(alerts.count >= 10, "only \(alerts.count) alerts")
        for alert in alerts {
            let name = alert["alert"].string ?? "?"
            let mine = cases.filter { $0["alertname"].string == name }
            #expect(mine.contains { !$0["exp_alerts"].array.isEmpty }, "\(name) has no test where it fires")
            #expect(mine.contains { $0["exp_alerts"].array.isEmpty }, "\(name) has no test where it stays quiet")
        }
    }

    @Test("every alert has a summary, a severity, and a runbook annotation naming a section of docs/runbook.md")
    func operatorsGetWhatTheyNeed() async throws {
        let anchors = Self.anchors(try DeployPaths.read("docs/runbook.md"))
        for alert in try await Self.alerts() {
            let name = alert["alert"].string ?? "?"
            #expect(!(alert["annotations"]["summary"].string ?? "").isEmpty, "\(name) has no summary")
            #expect(["critical", "warning"].contains(alert["labels"]["severity"].string ?? ""), "\(name): severity")
            let runbook = alert["annotations"]["runbook"].string ?? ""
            let parts = runbook.split(separator: "#", maxSplits: 1).map(String.init)
            #expect(parts.first == "docs/runbook.md", "\(name): runbook \(runbook) is not in docs/runbook.md")
            #expect(parts.count == 2 && anchors.contains(parts[1]), "\(name): docs/runbook.md has no section #\(parts.last ?? "")")
            #expect(parts.last == name.lowercased(), "\(name): its section should be named after it")
        }
    }

    @Test("promtool test rules fails a wrong expectation (the check can fail)")
    func unitTestsCanFail() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(
            at: DeployPaths.file("\(Self.directory)/\(Self.rulesFile)"), to: dir.appendingPathComponent(Self.rulesFile))
        // Exactly the stock issued: the alert must not fire, so expecting it to is a failing test.
        let wrong = """
            rule_files: [\(Self.rulesFile)]
            tests:
              - interval: 15s
                input_series:
                  - {series: 'rediclaim_gate_event_issued{event="1"}', values: '500x4'}
                  - {series: 'rediclaim_gate_event_stock{event="1"}', values: '500x4'}
                alert_rule_test:
                  - eval_time: 30s
                    alertname: RediclaimIssuedAboveStock
                    exp_alerts: [{exp_labels: {severity: critical, event: "1"}}]
            """
        try wrong.write(to: dir.appendingPathComponent("wrong.test.yaml"), atomically: true, encoding: .utf8)
        let output = try await Tool.run(try Self.promtool(), ["test", "rules", "wrong.test.yaml"], in: dir)
        #expect(output.status != 0, "promtool accepted a wrong expectation:\n\(output.combined)")
    }

    /// GitHub's anchors for the Markdown headings: lower case, punctuation dropped, spaces to hyphens.
    static func anchors(_ markdown: String) -> Set<String> {
        var out: Set<String> = []
        for line in markdown.split(separator: "\n") where line.hasPrefix("#") {
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
            let kept = title.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == " " || $0 == "-" || $0 == "_" }
            out.insert(String(String.UnicodeScalarView(kept)).replacingOccurrences(of: " ", with: "-"))
        }
        return out
    }
}
