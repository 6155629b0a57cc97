import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RediclaimConfig
import RediclaimCore
import RediclaimGate
import RediclaimRedis
import RediclaimStore
import TestSupport
import Testing

/// Every non-2xx answer carries `{"error":{"code","message"}}`, whatever went wrong.
@Suite("The error contract holds end to end (Redis)", .timeLimit(.minutes(2)))
struct ErrorContractTests {
    @Test("an unknown route is 404 NOT_FOUND with the JSON body")
    func unknownRoute() async throws {
        let f = try await GateFixture()
        try await f.test { client in
            for path in ["/nope", "/enqueue/extra", "/admin/events", "/" + String(repeating: "x", count: 500)] {
                let answer = try await client.call(.get, path)
                #expect(answer.status == 404, "\(path.prefix(20))")
                #expect(answer.errorCode == "NOT_FOUND")
                #expect((answer.errorMessage?.count ?? 0) < 120)
                #expect(answer.headers[.contentType] == "application/json")
            }
        }
    }

    @Test("a known path with the wrong method is 405 METHOD_NOT_ALLOWED with Allow")
    func wrongMethod() async throws {
        let f = try await GateFixture()
        try await f.test { client in
            for (method, path, allow) in [
                (HTTPRequest.Method.get, "/enqueue", "POST"), (.post, "/rank", "GET"), (.delete, "/admin/events/7", "GET, PATCH"),
                (.put, "/healthz", "GET"),
            ] {
                let answer = try await client.call(method, path)
                #expect(answer.status == 405, "\(method) \(path)")
                #expect(answer.errorCode == "METHOD_NOT_ALLOWED")
                #expect(answer.headers[.allow] == allow)
            }
        }
    }

    @Test("a body over gate.maxBodyBytes is 413 PAYLOAD_TOO_LARGE")
    func oversizedBody() async throws {
        let f = try await GateFixture(overrides: ["gate.maxBodyBytes=256"])
        try await f.publish()
        try await f.test { client in
            let body = #"{"eventId":1001,"userId":"u-1","pad":""# + String(repeating: "x", count: 300) + #""}"#
            let answer = try await client.call(.post, "/enqueue", body: body)
            #expect(answer.status == 413)
            #expect(answer.errorCode == "PAYLOAD_TOO_LARGE")
            #expect(answer.errorMessage == "the body is larger than 256 bytes")
        }
    }

    @Test("data the gate cannot read is 500 INTERNAL with the request id, and no detail")
    func internalError() async throws {
        let f = try await GateFixture()
        try await f.publish()
        _ = try await f.redis.send("HSET", f.room.keys(1001).users, "u-bad", "garbage that is no record")
        try await f.test { client in
            let answer = try await client.call(
                .post, "/enqueue", body: #"{"eventId":1001,"userId":"u-bad"}"#, headers: [.init("X-Request-Id")!: "req-42"])
            #expect(answer.status == 500)
            #expect(answer.errorCode == "INTERNAL")
            #expect(answer.errorMessage == "internal error (request id req-42)")
            #expect(answer.headers[.init("X-Request-Id")!] == "req-42")
        }
    }

    @Test("Redis stopped: 503 UNAVAILABLE with Retry-After on /enqueue and /rank; back to normal when it returns")
    func redisDown() async throws {
        let server = try await PrivateRedis()
        let redis = RedisClient(
            configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(server.port)/0"), logger: TestServers.logger)
        let f = try await GateFixture(redis: redis, overrides: ["redis.commandTimeoutMs=500", "redis.connectTimeoutMs=500"])
        try await f.publish()
        try await f.test { client in
            let joined = try await client.enqueue("u-1")
            #expect(joined.status == 202)
            let ticket = try #require(joined.string("ticket"))

            await server.stop()
            for answer in [try await client.enqueue("u-2"), try await client.rank("u-1", ticket: ticket)] {
                #expect(answer.status == 503)
                #expect(answer.errorCode == "UNAVAILABLE")
                #expect(answer.errorMessage == "Redis is unavailable; retry shortly")
                #expect(answer.headers[.retryAfter] == "2")
            }

            // The same port again: the client reconnects by itself (the data is gone; #13 heals that).
            let again = try await PrivateRedis(port: server.port)
            try await f.publish()
            var status = 0
            for _ in 0..<50 where status != 202 {
                status = try await client.enqueue("u-3").status
                if status != 202 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(status == 202)
            await again.stop()
        }
    }

    @Test("Redis refusing writes (maxmemory reached) is 503 UNAVAILABLE, not 500")
    func redisRefusesWrites() async throws {
        let server = try await PrivateRedis()
        let redis = RedisClient(
            configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(server.port)/0"), logger: TestServers.logger)
        let f = try await GateFixture(redis: redis)
        try await f.publish()
        _ = try await redis.send("CONFIG", "SET", "maxmemory", "1")
        _ = try await redis.send("CONFIG", "SET", "maxmemory-policy", "noeviction")
        try await f.test { client in
            let answer = try await client.enqueue("u-1")
            #expect(answer.status == 503)
            #expect(answer.errorCode == "UNAVAILABLE")
        }
        await server.stop()
    }
}
