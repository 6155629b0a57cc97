import Foundation
import RediclaimCore
import RediclaimKafka
import RediclaimStore
import Testing

@testable import RediclaimCtl

@Suite("lag, dlq and figures logic (no servers)")
struct OpsFiguresTests {
    static func snapshot(_ committed: [Int64?], _ high: [Int64], at: ContinuousClock.Instant) -> LagSnapshot {
        LagSnapshot(
            role: "issuer", group: "g", topic: "t",
            partitions: committed.indices.map { .init(partition: Int32($0), committed: committed[$0], low: 0, high: high[$0]) },
            at: at)
    }

    @Test("lag per partition, rates between readings, time to drain, stalled partitions")
    func lag() {
        let t0 = ContinuousClock.now
        let before = Self.snapshot([100, 50], [200, 60], at: t0)
        let after = Self.snapshot([150, 50], [260, 60], at: t0 + .seconds(2))
        let g = GroupLag(after, previous: before)
        #expect(g.partitions.map(\.lag) == [110, 10] && g.totalLag == 120)
        #expect(g.consumedPerSecond == 25 && g.producedPerSecond == 30)
        #expect(g.drainSeconds == 120.0 / 25)
        #expect(g.partitions.map(\.stalled) == [false, true] && g.state == "stalled")
        #expect(g.render().contains("no progress") && g.render().contains("drains in ~4.8s"))
        let first = GroupLag(after, previous: nil)
        #expect(first.consumedPerSecond == nil && first.drainSeconds == nil && first.state == "draining")
        let idle = GroupLag(Self.snapshot([nil, nil], [5, 0], at: t0), previous: nil)
        #expect(idle.totalLag == 5 && idle.state == "not consuming")
        let done = GroupLag(Self.snapshot([5, 0], [5, 0], at: t0 + .seconds(1)), previous: Self.snapshot([5, 0], [5, 0], at: t0))
        #expect(done.state == "caught up" && done.drainSeconds == 0 && !done.partitions.contains(where: \.stalled))
    }

    static func item(
        partition: Int32 = 0, offset: Int64, failedAt: Date, value: [UInt8]? = nil, kind: DLQKind = .requests
    ) throws -> DLQItem {
        let request = try IssueRequested(eventId: 1, userId: "u\(offset)", seq: 1, releasedAt: 1)
        let letter = DeadLetter(
            errorCode: "unknownEvent", error: "e", topic: "req", partition: 0, offset: offset, key: Array(request.key.utf8),
            value: value ?? Array(MessageCodec().encode(request)), attempts: 1, failedAt: failedAt)
        return DLQItem(
            KafkaMessage(topic: "dlq", partition: partition, offset: offset, key: nil, value: letter.encoded()), replay: nil, kind: kind)
    }

    @Test("dead letters: a valid original is replayable under its key; garbage and cut values are not")
    func items() throws {
        let good = try Self.item(offset: 1, failedAt: Date())
        #expect(good.problem == nil && good.original?.userId == "u1")
        let message = try #require(good.replayMessage(topic: "req"))
        #expect(message.topic == "req" && message.key == Array("1:u1".utf8))
        #expect(try MessageCodec().decode(IssueRequested.self, from: message.value).userId == "u1")
        let garbage = try Self.item(offset: 2, failedAt: Date(), value: Array("{not json".utf8))
        #expect(garbage.problem?.hasPrefix("not a valid IssueRequested") == true && garbage.replayMessage(topic: "req") == nil)
        let cut = try Self.item(offset: 3, failedAt: Date(), value: [UInt8](repeating: 0x20, count: DeadLetter.maxValueBytes + 1))
        #expect(cut.problem?.contains("cut") == true)
        let alien = DLQItem(KafkaMessage(topic: "dlq", partition: 0, offset: 9, key: nil, value: Array("hello".utf8)), replay: nil)
        #expect(alien.letter == nil && alien.view(nowMs: 0).errorCode == "?")
    }

    @Test("result dead letters (--results): a valid IssueResult is replayable to the result topic; a request is not a result")
    func resultItems() throws {
        let result = try IssueResult.soldOut(requestId: "1:u7", eventId: 1, userId: "u7")
        let good = try Self.item(offset: 7, failedAt: Date(), value: Array(MessageCodec().encode(result)), kind: .results)
        #expect(good.problem == nil && good.original?.userId == "u7" && good.original?.eventId == 1)
        #expect(try #require(good.replayMessage(topic: "res")).topic == "res")
        let request = try Self.item(offset: 8, failedAt: Date(), kind: .results)
        #expect(request.problem?.hasPrefix("not a valid IssueResult") == true && request.replayMessage(topic: "res") == nil)
    }

    @Test("purge: per partition, the oldest run that failed before the cut; nothing newer")
    func purgePlan() throws {
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let items = try [
            Self.item(offset: 0, failedAt: t), Self.item(offset: 1, failedAt: t.addingTimeInterval(10)),
            Self.item(offset: 2, failedAt: t.addingTimeInterval(100)), Self.item(offset: 3, failedAt: t.addingTimeInterval(20)),
            Self.item(partition: 1, offset: 5, failedAt: t.addingTimeInterval(200)),
        ]
        let plans = DLQPurge.plan(items, beforeMs: Timestamps.epochMillis(t.addingTimeInterval(50)))
        #expect(plans.map(\.partition) == [0] && plans[0].purgeBelow == 2 && plans[0].deadLetters == 2 && plans[0].neverReplayed == 2)
        #expect(DLQPurge.plan(items, beforeMs: 0).isEmpty)
        #expect(DLQPurge.plan(items, beforeMs: .max).map(\.purgeBelow) == [4, 6])
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(try DLQPurge.parseBefore("-24h", now: now) == now.addingTimeInterval(-86_400))
        #expect(try DLQPurge.parseBefore("now", now: now) == now)
        #expect(try DLQPurge.parseBefore("1970-01-01T00:00:10Z", now: now) == Date(timeIntervalSince1970: 10))
        #expect(throws: (any Error).self) { try DLQPurge.parseBefore("-soon", now: now) }
    }

    @Test("figures: thousands, rates, durations")
    func figures() {
        #expect(Figures.count(1_234_567) == "1,234,567" && Figures.count(-1_000) == "-1,000" && Figures.count(12) == "12")
        #expect(Figures.rate(498.7) == "499" && Figures.rate(2.5) == "2.5")
        #expect(Figures.duration(0) == "0s" && Figures.duration(0.25) == "250ms" && Figures.duration(12.5) == "12.5s")
        #expect(Figures.duration(125) == "2m 05s" && Figures.duration(12_000) == "3h 20m")
    }
}
