import Foundation
import Hummingbird
import HummingbirdTesting
import RediclaimCore
import RediclaimStore
import TestSupport
import Testing

@testable import RediclaimGate

/// The pre-queue, the opening shuffle, the public event info and the polling budget, through the HTTP
/// contract, against the real Redis and MariaDB.
@Suite("Pre-queue, shuffle, event info, polling budget (contract)", .timeLimit(.minutes(2)))
struct PreQueueContractTests {
    @Test("before the window: 409 EVENT_NOT_OPEN with Retry-After at the window's start")
    func beforeWindow() async throws {
        try await TestServers.withDatabase { mysql, _ in
            let f = try await GateFixture(mysql: mysql)
            try await f.publish(openIn: 600, preQueue: 60)
            try await f.test { client in
                let refused = try await client.enqueue("u-1")
                #expect(refused.status == 409 && refused.errorCode == "EVENT_NOT_OPEN")
                let retry = try #require(refused.headers[.retryAfter].flatMap(Int.init))
                #expect((539...541).contains(retry))
            }
        }
    }

    @Test("in the window: 202 PRE_QUEUE with a ticket, opensInSeconds and a poll just after the open; /rank says the same")
    func inWindow() async throws {
        try await TestServers.withDatabase { mysql, _ in
            let f = try await GateFixture(mysql: mysql)
            try await f.publish(openIn: 30, preQueue: 60)
            try await f.test { client in
                let joined = try await client.enqueue("u-1")
                #expect(joined.status == 202 && joined.string("status") == "PRE_QUEUE")
                #expect(joined["rank"] == nil)
                let opensIn = try #require(joined.int("opensInSeconds"))
                #expect((29...30).contains(opensIn))
                let poll = try #require(joined.int("pollAfterMs"))
                #expect(poll >= (opensIn - 1) * 1_000 && poll <= opensIn * 1_000 + 1_000)
                let ticket = try #require(joined.string("ticket"))
                #expect(try await client.enqueue("u-1").string("ticket") == ticket)
                let rank = try await client.rank("u-1", ticket: ticket)
                #expect(rank.status == 200 && rank.string("status") == "PRE_QUEUE" && rank.int("opensInSeconds") != nil)
                #expect(try await client.rank("u-1", ticket: nil).status == 401)
            }
        }
    }

    @Test("GET /events/{id}: public, cached a second, the commitment before the open and no seed; 404 in the error shape")
    func info() async throws {
        try await TestServers.withDatabase { mysql, _ in
            let f = try await GateFixture(mysql: mysql)
            try await f.publish(openIn: 30, preQueue: 60)
            let seed = try #require(try await EventStore(client: mysql).get(1001).shuffleSeed)
            try await f.test { client in
                _ = try await client.enqueue("u-1")
                let info = try await client.call(.get, "/events/1001")
                #expect(info.status == 200)
                #expect(info.headers[.cacheControl] == "public, max-age=1")
                #expect(info.string("state") == "SCHEDULED")
                #expect(info.string("commitment") == seed.commitment)
                #expect(info["seed"] == nil)
                let window = try #require(info["preQueue"] as? [String: Any])
                #expect(window["open"] as? Bool == true && (window["preQueued"] as? NSNumber)?.intValue == 1)
                #expect(info.int("waiting") == 1)
                _ = try await client.enqueue("u-2")
                #expect(try await client.call(.get, "/events/1001").int("waiting") == 1)  // cached
                try await Task.sleep(for: .milliseconds(1_100))
                #expect(try await client.call(.get, "/events/1001").int("waiting") == 2)
                let missing = try await client.call(.get, "/events/424242")
                #expect(missing.status == 404 && missing.errorCode == "EVENT_NOT_FOUND")
                #expect(try await client.call(.get, "/events/abc").status == 400)
            }
        }
    }

    @Test("at the open: the cohort placed in the seeded order, pre-queue tickets rank, later arrivals behind, the seed revealed")
    func opening() async throws {
        try await TestServers.withDatabase { mysql, _ in
            let f = try await GateFixture(mysql: mysql)
            try await f.publish(openIn: 600, preQueue: 3_600)
            let seed = try #require(try await EventStore(client: mysql).get(1001).shuffleSeed)
            try await f.test { client in
                var tickets: [String: String] = [:]
                for i in 0..<20 { tickets["p\(i)"] = try await client.enqueue("p\(i)").string("ticket") }
                // The open, by Redis's clock: openAt moved to a second ago (no test waits for a real one).
                let nowMs = try await f.room.serverTimeMs()
                _ = try await f.redis.send("HSET", f.room.keys(1001).definition, "openAt", nowMs - 1_000)
                // Opened, not yet placed: a later arrival already counts the whole cohort ahead of it.
                let late = try await client.enqueue("late")
                #expect(late.status == 202 && late.string("status") == "WAITING" && late.int("rank") == 21)
                #expect(try await client.rank("p0", ticket: tickets["p0"]).string("status") == "PRE_QUEUE")
                #expect(try await f.room.release(eventId: 1001, tickMs: 100, maxBatch: 10).needsShuffle)
                await CohortPlacer(gate: f.gate).place(1001)
                let order = ShuffleOrder.order(seed: seed, users: tickets.keys)
                for (i, user) in order.enumerated() {
                    let rank = try await client.rank(user, ticket: tickets[user])
                    #expect(rank.string("status") == "WAITING" && rank.int("rank") == i + 1, "\(user)")
                }
                #expect(try await client.rank("late", ticket: late.string("ticket")).int("rank") == 21)
                // A pre-queue ticket is no good for a place after the cohort.
                #expect(try await client.rank("late", ticket: tickets["p0"]).status == 401)
                try await Task.sleep(for: .milliseconds(1_100))
                let info = try await client.call(.get, "/events/1001")
                #expect(info.string("seed") == seed.hex && info.string("commitment") == seed.commitment)
                #expect((info["preQueue"] as? [String: Any])?["shuffled"] as? Bool == true)
            }
        }
    }

    @Test("the polling budget: the same far-back place polls rarely under a small budget and often under a large one")
    func budget() async throws {
        let poor = try await GateFixture(overrides: ["gate.pollBudgetPerSecond=10"])
        let rich = try await GateFixture(namespace: poor.namespace, redis: poor.redis, overrides: ["gate.pollBudgetPerSecond=100000"])
        try await poor.publish(rate: 1)
        try await poor.test { client in
            for i in 0..<59 { _ = try await client.enqueue("u\(i)") }
            let poorAnswer = try await client.enqueue("u59")
            #expect(poorAnswer.int("estimatedWaitSeconds") == 60)
            #expect(try #require(poorAnswer.int("pollAfterMs")) >= 15_000)
            try await Application(router: rich.gate.buildRouter()).test(.router) { other in
                let richAnswer = try await other.enqueue("u59")
                #expect(richAnswer.int("rank") == 60)
                #expect(try #require(richAnswer.int("pollAfterMs")) <= 4_000)
            }
        }
    }
}
