import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RediclaimCore
import RediclaimGate
import RediclaimStore
import TestSupport
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

    @Test("GET shows live figures; PATCH pauses, sets the rate and closes, in MySQL first")
    func showAndPatch() async throws {
        try await TestServers.withDatabase { client, _ in
        let f = try await GateFixture(mysql: client)
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
        let record = try await EventStore(client: client).get(1001)
        #expect(record.paused && record.closed && record.event.releaseRate == 7)
        #expect(try await EventStore(client: client).changes(1001).map(\.source) == ["create", "gate-admin", "gate-admin"])
        }
    }

    @Test("a rate set at the gate stands: a later event apply or a stale publish never reverts it")
    func adminChangeStands() async throws {
        try await TestServers.withDatabase { client, _ in
            let f = try await GateFixture(mysql: client)
            try await f.publish(stock: 50, rate: 100)
            let store = EventStore(client: client)
            let before = try await store.get(1001)
            try await f.test { client async throws in
                let changed = try await client.call(.patch, "/admin/events/1001", body: #"{"releaseRate":7}"#, headers: auth)
                #expect(changed.int("releaseRate") == 7)
                // What `rediclaimctl event apply -f config/events.yaml` does with the unchanged file (rate 100):
                // nothing, so the rate set at the gate stands, in MySQL and in Redis.
                #expect(try await store.apply(before.event) == .unchanged)
                let now = try await store.get(1001)
                #expect(now.event.releaseRate == 7)
                try await f.runtime.publish(now)
                #expect(try await f.runtime.definition(1001)?.releaseRate == 7)
                // A publisher that read MySQL before the change (version 1) loses against the newer copy.
                #expect(try await f.runtime.publish(before) == false, "a version-1 publish went through")
                #expect(try await f.runtime.definition(1001)?.releaseRate == 7)
            }
            // A file that changes the rate is the operator's newer intent: it wins.
            let faster = try Event(
                id: 1001, name: before.event.name, stock: 50, openAt: before.event.openAt, closeAt: before.event.closeAt,
                releaseRate: 300, coupon: before.event.coupon)
            #expect(try await store.apply(faster) == .updated)
            #expect(try await store.get(1001).event.releaseRate == 300)
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
