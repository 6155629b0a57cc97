import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RediclaimConfig
import RediclaimCore
import RediclaimGate
import RediclaimMySQL
import RediclaimRedis
import RediclaimStore
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// A gate on the shared Redis, in a key namespace of its own, with one event published.
struct GateFixture {
    let redis: RedisClient
    let namespace: String
    let gate: Gate
    /// MySQL, for tests of the parts that write it (the admin API); nil: Redis only.
    let mysql: MySQLClient?
    var room: WaitingRoom { WaitingRoom(redis: redis, namespace: namespace) }
    var runtime: EventRuntimeStore { EventRuntimeStore(redis: redis, namespace: namespace) }

    static let adminToken = "admin-token-for-tests-0123456789abcdef"
    static let jwtSecret = "jwt-secret-for-tests-0123456789abcdef"

    /// Room-level contract tests run in body mode (the user is whoever the body names); the identity
    /// tests pass `gate.identity.mode=jwt` (with `jwtSecret`) or `header`.
    /// `namespace` shares another fixture's Redis keys (a second gate replica).
    init(
        namespace: String = TestServers.redisNamespace(), redis: RedisClient = TestServers.redis(), mysql: MySQLClient? = nil,
        overrides: [String] = []
    ) async throws {
        self.namespace = namespace
        self.redis = redis
        self.mysql = mysql
        let values = try ConfigLoader.load(
            environment: [:],
            overrides: [
                "gate.ticketSecret=\(String(repeating: "s", count: 40))", "gate.adminToken=\(Self.adminToken)",
                "gate.rateLimit.ipPerSecond=0", "gate.rateLimit.userPerSecond=0", "gate.rateLimit.rankPerSecond=0",
                "gate.identity.mode=body", "gate.identity.allowInsecureBody=true", "gate.identity.jwtSecret=\(Self.jwtSecret)",
            ] + overrides)
        var settings = try GateSettings(RediclaimConfiguration(values))
        settings.redisNamespace = namespace
        let identity = try await IdentitySource.make(settings.identity, logger: TestServers.logger)
        gate = Gate(
            settings: settings, redis: redis, identity: identity, stores: mysql.map(GateStores.init(client:)), logger: TestServers.logger)
    }

    func publish(
        id: Int64 = 1001, stock: Int64 = 100, rate: Int = 1_000, openIn: TimeInterval = -60, closeIn: TimeInterval = 3_600,
        paused: Bool = false, closed: Bool = false, issued: Int64 = 0, version: Int64 = 1, maxWaiting: Int64? = nil, preQueue: Int = 0
    ) async throws {
        let now = Date()
        let event = try Event(
            id: id, name: "test", stock: stock, openAt: now.addingTimeInterval(openIn), closeAt: now.addingTimeInterval(closeIn),
            releaseRate: rate, coupon: try CouponPolicy(discount: .fixed(amount: 100), validDays: 1), maxWaiting: maxWaiting,
            preQueueSeconds: preQueue)
        if let mysql {
            // As `rediclaimctl event create` does: MySQL first, then its record in Redis.
            let store = EventStore(client: mysql)
            try await store.create(event)
            if paused { _ = try await store.setPaused(id, true) }
            if closed { _ = try await store.setClosed(id, true) }
            try await runtime.publish(try await store.get(id), fresh: true)
            return
        }
        try await runtime.publish(
            EventRecord(event: event, paused: paused, closed: closed, issuedCount: issued, version: version), fresh: true)
    }

    /// Runs `body` against the gate's router (no network), then removes the test's keys.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: gate.buildRouter())
        do {
            try await app.test(.router) { client in try await body(client) }
        } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }

    /// Runs `body` against the gate's public server as production runs it (a real socket, its timeouts and
    /// limits) on a free loopback port, then stops it and removes the test's keys. Pass
    /// `gate.host=127.0.0.1` and `gate.port=0` in `overrides`.
    func live(_ body: @Sendable (Int) async throws -> Void) async throws {
        let port = Mutex(0)
        let app = gate.publicApplication { bound in port.withLock { $0 = bound } }
        let group = ServiceGroup(services: [app], logger: TestServers.logger)
        let running = Task { try await group.run() }
        var bound = 0
        for _ in 0..<200 where bound == 0 {
            try await Task.sleep(for: .milliseconds(20))
            bound = port.withLock { $0 }
        }
        do {
            try #require(bound > 0, "the public server did not start")
            try await body(bound)
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            await cleanup()
            throw error
        }
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        await cleanup()
    }

    func cleanup() async {
        await wipe()
        await redis.shutdown()
    }

    /// Deletes every key of this fixture, as a Redis that lost its data would have none.
    func wipe() async {
        await TestServers.deleteKeys(namespace: namespace, on: redis)
    }
}

/// A decoded JSON answer. Immutable once built, so it may cross tasks although `Any` is not Sendable.
struct Answer: @unchecked Sendable {
    let status: Int
    let json: [String: Any]
    let headers: HTTPFields

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
    subscript(key: String) -> Any? { json[key] }
    func string(_ key: String) -> String? { json[key] as? String }
    func int(_ key: String) -> Int? { (json[key] as? NSNumber)?.intValue }
}

extension TestClientProtocol {
    /// A body is sent as `application/json` unless `headers` say otherwise.
    func call(_ method: HTTPRequest.Method, _ uri: String, body: String? = nil, headers: HTTPFields = [:]) async throws -> Answer {
        var headers = headers
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let data = Data(buffer: response.body)
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return Answer(status: Int(response.status.code), json: json, headers: response.headers)
        }
    }

    func enqueue(_ userId: String, event eventId: Int64 = 1001) async throws -> Answer {
        try await call(.post, "/enqueue", body: #"{"eventId":\#(eventId),"userId":"\#(userId)"}"#)
    }

    func rank(_ userId: String, ticket: String?, event eventId: Int64 = 1001) async throws -> Answer {
        var headers: HTTPFields = [:]
        if let ticket { headers[.authorization] = "Bearer \(ticket)" }
        return try await call(.get, "/rank?eventId=\(eventId)&userId=\(userId)", headers: headers)
    }
}
