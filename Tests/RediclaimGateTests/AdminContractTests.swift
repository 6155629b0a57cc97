import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RediclaimGate
import Testing

@Suite("Admin and ops endpoints", .timeLimit(.minutes(1)))
struct AdminContractTests {
    let auth: HTTPFields = [.authorization: "Bearer \(GateFixture.adminToken)"]

    @Test("admin endpoints need the bearer token")
    func needsToken() async throws {
        let f = try await GateFixture()
        try await f.publish()
        try await f.test { client async throws in
            #expect(try await client.call(.get, "/admin/events/1001").status == 401)
            #expect(try await client.call(.get, "/admin/events/1001", headers: [.authorization: "Bearer wrong"]).status == 401)
            #expect(try await client.call(.patch, "/admin/events/1001", body: #"{"paused":true}"#).status == 401)
        }
    }

    @Test("GET shows live figures; PATCH pauses, sets the rate and closes")
    func showAndPatch() async throws {
        let f = try await GateFixture()
        try await f.publish(stock: 50, rate: 100)
        try await f.test { client async throws in
            _ = try await client.enqueue("u-1")
            let shown = try await client.call(.get, "/admin/events/1001", headers: auth)
            #expect(shown.status == 200)
            #expect(shown.int("waiting") == 1)
            #expect(shown.int("remaining") == 50)
            #expect(shown.string("state") == "OPEN")
            let paused = try await client.call(.patch, "/admin/events/1001", body: #"{"paused":true,"releaseRate":7}"#, headers: auth)
            #expect(paused.string("state") == "PAUSED")
            #expect(paused.int("releaseRate") == 7)
            let closed = try await client.call(.patch, "/admin/events/1001", body: #"{"closed":true}"#, headers: auth)
            #expect(closed.string("state") == "CLOSED")
            #expect(try await client.enqueue("u-2").errorCode == "EVENT_CLOSED")
        }
    }

    @Test("PATCH validates its body; unknown events are 404", arguments: [
        (#"{}"#, 400), (#"{"releaseRate":0}"#, 400), (#"{"paused":"yes"}"#, 400), ("nope", 400),
    ])
    func patchValidation(body: String, status: Int) async throws {
        let f = try await GateFixture()
        try await f.publish()
        try await f.test { client async throws in
            #expect(try await client.call(.patch, "/admin/events/1001", body: body, headers: auth).status == status)
            #expect(try await client.call(.get, "/admin/events/999", headers: auth).status == 404)
            #expect(try await client.call(.get, "/admin/events/abc", headers: auth).status == 400)
        }
    }

    @Test("healthz answers on the public port; metrics (ops port only) count requests by route and status")
    func ops() async throws {
        let f = try await GateFixture()
        try await f.publish()
        try await f.test { client async throws in
            #expect(try await client.call(.get, "/healthz").status == 200)
            #expect(try await client.call(.get, "/metrics").status == 404)
            #expect(try await client.call(.get, "/readyz").status == 404)
            _ = try await client.enqueue("u-1")
            _ = try await client.call(.post, "/enqueue", body: "{")
        }
        let ops = Application(router: f.gate.buildOpsRouter(readiness: []))
        try await ops.test(.router) { client in
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains(#"rediclaim_gate_http_requests_total{route="/enqueue",status="202"} 1"#))
            #expect(metrics.contains(#"rediclaim_gate_http_requests_total{route="/enqueue",status="400"} 1"#))
            #expect(metrics.contains("rediclaim_gate_http_request_duration_seconds_bucket"))
            #expect(try await client.execute(uri: "/readyz", method: .get) { $0.status } == .ok)
        }
    }
}
