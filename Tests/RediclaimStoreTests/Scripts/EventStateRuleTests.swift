import Foundation
import RediclaimCore
import RediclaimRedis
import TestSupport
import Testing

@testable import RediclaimStore

/// The event-state rule exists twice: `EventState.derive` in Swift and `event_state` in the scripts'
/// prelude. Both run on the same table of cases and must give the same answer for every one.
@Suite("The event-state rule: Swift and Lua agree (Redis)", .timeLimit(.minutes(1)))
struct EventStateRuleTests {
    struct Case: Sendable, CustomStringConvertible {
        let now: Int64
        let released: Int64
        let closed: Bool
        let paused: Bool
        var description: String { "now \(now) released \(released) closed \(closed) paused \(paused)" }
    }

    static let openAt: Int64 = 1_000_000
    static let closeAt: Int64 = 2_000_000
    static let stock: Int64 = 10

    /// Every combination around each boundary: before, at and after openAt and closeAt; the budget
    /// left, just used up and overdrawn; each admin flag on and off.
    static let cases: [Case] = {
        var all: [Case] = []
        for now in [openAt - 1, openAt, openAt + 1, closeAt - 1, closeAt, closeAt + 1] {
            for released in [0, stock - 1, stock, stock + 5] {
                for closed in [false, true] {
                    for paused in [false, true] { all.append(Case(now: now, released: released, closed: closed, paused: paused)) }
                }
            }
        }
        return all
    }()

    static func swiftState(_ c: Case) -> EventState {
        EventState.derive(
            openAt: Timestamps.date(epochMillis: openAt), closeAt: Timestamps.date(epochMillis: closeAt),
            now: Timestamps.date(epochMillis: c.now),
            runtime: EventRuntime(stock: stock, released: c.released, paused: c.paused, closed: c.closed))
    }

    static let probe = RedisScript(
        StoreScripts.prelude + """

            local def = {stock = tonumber(ARGV[1]), openAt = tonumber(ARGV[2]), closeAt = tonumber(ARGV[3]),
                closed = ARGV[4] == '1', paused = ARGV[5] == '1'}
            return event_state(def, tonumber(ARGV[6]), tonumber(ARGV[7]))
            """)

    @Test("every case of the table")
    func agree() async throws {
        let redis = TestServers.redis()
        #expect(Self.cases.count == 96)
        let commands = Self.cases.map { c in
            RedisCommand.evalsha(
                Self.probe, keys: [],
                arguments: [Self.stock, Self.openAt, Self.closeAt, c.closed ? "1" : "0", c.paused ? "1" : "0", c.released, c.now])
        }
        let replies: [RedisReply]
        do {
            replies = try await redis.pipeline(commands)
        } catch {
            await redis.shutdown()
            throw error
        }
        await redis.shutdown()
        for (c, reply) in zip(Self.cases, replies) {
            #expect(reply.string == Self.swiftState(c).rawValue, "\(c)")
        }
        // Every state appears in the table, so the comparison covers each branch of the rule.
        #expect(Set(Self.cases.map(Self.swiftState)) == Set(EventState.allCases))
    }
}
