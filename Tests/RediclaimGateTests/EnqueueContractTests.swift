import Foundation
import HummingbirdTesting
@testable import RediclaimGate
import Testing

@Suite("POST /enqueue contract", .timeLimit(.minutes(1)))
struct EnqueueContractTests {
    @Test("202 WAITING with rank, waiting, ticket, pollAfterMs and estimatedWaitSeconds; a repeat gets the same place and ticket")
    func waiting() async throws {
        let f = try await GateFixture()
        try await f.publish()
        try await f.test { client async throws in
            let first = try await client.enqueue("u-1")
            let second = try await client.enqueue("u-2")
            #expect(first.status == 202)
            #expect(first.string("status") == "WAITING")
            #expect(first.int("eventId") == 1001)
            #expect(first.string("userId") == "u-1")
            #expect(first.int("rank") == 1)
            #expect(second.int("rank") == 2)
            #expect(second.int("waiting") == 2)
            let poll = try #require(second.int("pollAfterMs"))
            #expect((500...15_000).contains(poll))
            #expect(second.int("estimatedWaitSeconds") != nil)
            let ticket = try #require(first.string("ticket"))
            #expect(ticket.hasPrefix("v2.k1.1."))
            let again = try await client.enqueue("u-1")
            #expect(again.status == 202)
            #expect(again.int("rank") == 1)
            #expect(again.string("ticket") == ticket)
            #expect(first.headers[.contentType] == "application/json")
        }
    }

    @Test("bad input is 400 INVALID_REQUEST naming the field", arguments: [
        (#"{"userId":"u"}"#, "eventId"),
        (#"{"eventId":1001}"#, "userId"),
        (#"{"eventId":"1001","userId":"u"}"#, "eventId"),
        (#"{"eventId":1001,"userId":"has space"}"#, "userId"),
        (#"{"eventId":1001,"userId":""}"#, "userId"),
        (#"{"eventId":0,"userId":"u"}"#, "eventId"),
        (#"{"eventId":1001,"userId":"\#(String(repeating: "a", count: 65))"}"#, "userId"),
        (#"{"eventId":1001,"#, "JSON"),
        ("", "JSON"),
    ])
    func invalid(body: String, field: String) async throws {
        let f = try await GateFixture()
        try await f.publish()
        try await f.test { client async throws in
            let answer = try await client.call(.post, "/enqueue", body: body)
            #expect(answer.status == 400)
            #expect(answer.errorCode == "INVALID_REQUEST")
            #expect(answer.errorMessage?.contains(field) == true, "\(answer.errorMessage ?? "")")
        }
    }

    @Test("unknown fields are ignored; a body over the limit is refused")
    func unknownFieldsAndLimit() async throws {
        let f = try await GateFixture(overrides: ["gate.maxBodyBytes=128"])
        try await f.publish()
        try await f.test { client async throws in
            let ok = try await client.call(.post, "/enqueue", body: #"{"eventId":1001,"userId":"u","extra":[1,2]}"#)
            #expect(ok.status == 202)
            let big = try await client.call(
                .post, "/enqueue", body: #"{"eventId":1001,"userId":"u","pad":"\#(String(repeating: "x", count: 200))"}"#)
            #expect(big.status == 413)
            #expect(big.errorCode == "PAYLOAD_TOO_LARGE")
            #expect(big.errorMessage?.contains("128") == true)
        }
    }

    @Test("event states map to 404, 409 and 410", arguments: [
        ("missing", 404, "EVENT_NOT_FOUND"), ("scheduled", 409, "EVENT_NOT_OPEN"), ("closed", 409, "EVENT_CLOSED"),
        ("ended", 409, "EVENT_CLOSED"), ("soldOut", 410, "SOLD_OUT"),
    ])
    func states(setup: String, status: Int, code: String) async throws {
        let f = try await GateFixture()
        switch setup {
        case "scheduled": try await f.publish(openIn: 600)
        case "closed": try await f.publish(closed: true)
        case "ended": try await f.publish(openIn: -600, closeIn: -60)
        case "soldOut": try await f.publish(stock: 10, issued: 10)
        default: break
        }
        try await f.test { client async throws in
            let answer = try await client.enqueue("u-1")
            #expect(answer.status == status)
            #expect(answer.errorCode == code)
            #expect(answer.errorMessage?.isEmpty == false)
        }
    }

    @Test("an event MySQL has live but Redis lost: 503 UNAVAILABLE with Retry-After on /enqueue and /rank, never 404")
    func beingRestored() async throws {
        let f = try await GateFixture()
        try await f.publish()
        try await f.test { client async throws in
            let queued = try await client.enqueue("u-1")
            #expect(queued.status == 202)
            await f.wipe()
            f.gate.events.invalidate(1001)
            #expect(try await client.enqueue("u-2").errorCode == "EVENT_NOT_FOUND", "unknown to the keeper: not found")
            f.gate.live.replace([1001])
            f.gate.events.invalidate(1001)
            for answer in [try await client.enqueue("u-2"), try await client.rank("u-1", ticket: queued.string("ticket"))] {
                #expect(answer.status == 503)
                #expect(answer.errorCode == "UNAVAILABLE")
                #expect(answer.headers[.retryAfter] == "1")
            }
        }
    }

    @Test("a paused event still queues users")
    func paused() async throws {
        let f = try await GateFixture()
        try await f.publish(paused: true)
        try await f.test { client async throws in #expect(try await client.enqueue("u-1").status == 202) }
    }

    @Test("a user who already left the queue gets 200 with the current status and the same ticket")
    func left() async throws {
        let f = try await GateFixture()
        try await f.publish(rate: 1_000)
        try await f.test { client async throws in
            let first = try await client.enqueue("u-1")
            for _ in 0..<50 {
                if try await !f.room.release(eventId: 1001, tickMs: 100, maxBatch: 10).released.isEmpty { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let again = try await client.enqueue("u-1")
            #expect(again.status == 200)
            #expect(again.string("status") == "RELEASED")
            #expect(again.string("ticket") == first.string("ticket"))
        }
    }

    @Test("per-IP and per-user limits answer 429 RATE_LIMITED with Retry-After")
    func rateLimits() async throws {
        // 20 requests at once against a burst of 2 at 1/s: some must be limited, however slow the machine.
        let f = try await GateFixture(overrides: ["gate.rateLimit.userPerSecond=1", "gate.rateLimit.userBurst=2"])
        try await f.publish()
        try await f.test { client async throws in
            let answers = try await Self.concurrently(20) { _ in try await client.enqueue("u-1") }
            let limited = try #require(answers.first { $0.status == 429 })
            #expect(answers.filter { $0.status == 202 }.count >= 2)
            #expect(limited.errorCode == "RATE_LIMITED")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try await client.enqueue("u-2").status == 202, "another user is not limited")
        }
        let g = try await GateFixture(overrides: ["gate.rateLimit.ipPerSecond=1", "gate.rateLimit.ipBurst=1"])
        try await g.publish()
        try await g.test { client async throws in
            let answers = try await Self.concurrently(20) { i in try await client.enqueue("ip-\(i)") }
            let limited = try #require(answers.first { $0.status == 429 })
            #expect(limited.headers[.retryAfter] != nil)
        }
    }

    static func concurrently(_ n: Int, _ body: @escaping @Sendable (Int) async throws -> Answer) async throws -> [Answer] {
        try await withThrowingTaskGroup(of: Answer.self) { group in
            for i in 0..<n { group.addTask { try await body(i) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("past the event's maxWaiting, a new user is 503 QUEUE_FULL with Retry-After; those waiting keep their place")
    func queueFull() async throws {
        let f = try await GateFixture()
        try await f.publish(rate: 100, maxWaiting: 2)
        try await f.test { client async throws in
            #expect(try await client.enqueue("u-1").status == 202)
            #expect(try await client.enqueue("u-2").status == 202)
            let full = try await client.enqueue("u-3")
            #expect(full.status == 503)
            #expect(full.errorCode == "QUEUE_FULL")
            #expect(Int(full.headers[.retryAfter] ?? "") ?? 0 >= 1)
            let repeat_ = try await client.enqueue("u-1")
            #expect(repeat_.status == 202)
            #expect(repeat_.int("rank") == 1)
        }
    }
}
