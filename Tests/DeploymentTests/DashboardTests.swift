import Foundation
import Testing

/// The Grafana dashboard's structure, offline (Grafana is not in Debian; its queries are checked against
/// live metrics by `scripts/check-dashboard.sh`, see `EndToEndTests/DashboardCheckTests`).
@Suite("Monitoring: Grafana dashboard", .timeLimit(.minutes(1)))
struct DashboardTests {
    static let path = "k8s/monitoring/rediclaim-dashboard.json"
    /// Gate metrics labelled by event: every dashboard query on them must follow the `event` variable.
    static func perEventMetric() -> Regex<(Substring, Substring?)> {
        #/rediclaim_gate_(?:queue_length|released_total|release_rate(?:_configured)?|pending_dispatch(?:_oldest_timestamp_seconds)?|event_[a-z_]+)\b(\{[^}]*\})?/#
    }

    static func dashboard() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(DeployPaths.read(path).utf8))
    }

    static func queryPanels(_ dashboard: JSONValue) -> [JSONValue] {
        dashboard["panels"].array.filter { $0["type"].string != "row" }
    }

    @Test("an event variable (all or several events) and a Prometheus data-source variable")
    func variables() throws {
        let variables = try Self.dashboard()["templating"]["list"].array
        let event = try #require(variables.first { $0["name"].string == "event" }, "no event variable")
        #expect(event["type"].string == "query")
        #expect(event["query"]["query"].string?.hasPrefix("label_values(rediclaim_gate_") == true, "\(event["query"])")
        #expect(event["includeAll"] == .bool(true) && event["multi"] == .bool(true))
        let source = try #require(variables.first { $0["name"].string == "datasource" }, "no datasource variable")
        #expect(source["type"].string == "datasource" && source["query"].string == "prometheus")
    }

    @Test("panels are grouped the way an operator reads them")
    func rows() throws {
        let rows = try Self.dashboard()["panels"].array.filter { $0["type"].string == "row" }.compactMap { $0["title"].string }
        #expect(rows == ["Is the queue moving", "Are coupons being issued", "Is anything on fire"])
    }

    @Test("every panel queries the data-source variable, has unique id, fits the 24-column grid")
    func panels() throws {
        let dashboard = try Self.dashboard()
        let ids = dashboard["panels"].array.compactMap { $0["id"].int }
        #expect(Set(ids).count == ids.count && ids.count == dashboard["panels"].array.count, "panel ids are not unique")
        for panel in Self.queryPanels(dashboard) {
            let title = panel["title"].string ?? "?"
            #expect(panel["datasource"]["uid"].string == "${datasource}", "\(title): data source")
            #expect(!panel["targets"].array.isEmpty, "\(title) has no query")
            for target in panel["targets"].array {
                #expect(!(target["expr"].string ?? "").isEmpty, "\(title) \(target["refId"].string ?? ""): empty query")
                #expect(target["datasource"]["uid"].string == "${datasource}", "\(title): target data source")
            }
            let grid = panel["gridPos"]
            #expect((grid["x"].int ?? 99) + (grid["w"].int ?? 99) <= 24, "\(title) is wider than the grid")
        }
    }

    @Test("every query on a per-event gate metric selects event=~\"$event\"")
    func perEventQueriesFollowTheVariable() throws {
        var seen = 0
        for panel in Self.queryPanels(try Self.dashboard()) {
            for target in panel["targets"].array {
                for match in (target["expr"].string ?? "").matches(of: Self.perEventMetric()) {
                    seen += 1
                    let matchers = match.output.1.map(String.init) ?? ""
                    #expect(matchers.contains(#"event=~"$event""#), "\(panel["title"].string ?? "?"): \(match.output.0)")
                }
            }
        }
        #expect(seen >= 10, "only \(seen) per-event selectors found: the pattern is out of date")
    }

    @Test("the panels the issue asks for are there")
    func askedForPanels() throws {
        let text = Self.queryPanels(try Self.dashboard()).flatMap { $0["targets"].array }.compactMap { $0["expr"].string }
            .joined(separator: "\n")
        let metrics = [
            "rediclaim_gate_queue_length", "rediclaim_gate_release_rate_configured", "rediclaim_gate_release_rate",
            "rediclaim_gate_pending_dispatch", "rediclaim_gate_pending_dispatch_oldest_timestamp_seconds",
            "rediclaim_gate_event_issued", "rediclaim_gate_event_stock", "rediclaim_gate_event_sold_out",
            "rediclaim_gate_http_requests_total", "rediclaim_gate_http_request_duration_seconds_bucket",
            "rediclaim_issuer_issued_total", "rediclaim_issuer_batch_size_bucket", "rediclaim_issuer_batch_duration_seconds_bucket",
            "rediclaim_issuer_consumer_lag", "rediclaim_issuer_retries_total", "rediclaim_issuer_dlq_total",
        ]
        for metric in metrics {
            #expect(text.contains(metric), "no panel shows \(metric)")
        }
        #expect(text.contains(#"status="429""#), "no rate-limited panel")
    }
}
