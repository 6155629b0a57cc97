import Foundation
import RediclaimStore
import TestSupport
import Testing

@Suite("DLQ ledger: replays and purge marks (MariaDB)", .timeLimit(.minutes(1)))
struct DeadLetterLedgerTests {
    @Test("ids are partition:offset, ordered by partition then offset")
    func ids() {
        #expect(DeadLetterID("0:42") == DeadLetterID(partition: 0, offset: 42))
        #expect(DeadLetterID("3:7")?.description == "3:7")
        for bad in ["", "0", "0:", ":1", "a:1", "0:-1", "-1:0", "0:1:2"] { #expect(DeadLetterID(bad) == nil, "\(bad)") }
        #expect(DeadLetterID(partition: 0, offset: 9) < DeadLetterID(partition: 1, offset: 0))
    }

    @Test("a replay is recorded once per dead letter and counted again when repeated, per topic")
    func replays() async throws {
        try await TestServers.withDatabase { client, _ in
            let ledger = DeadLetterLedger(client: client)
            let id = DeadLetterID(partition: 0, offset: 3)
            try await ledger.recordReplay(topic: "dlq", id: id, requestKey: "1:u", replayedTo: "req")
            try await ledger.recordReplay(topic: "dlq", id: DeadLetterID(partition: 1, offset: 0), requestKey: nil, replayedTo: "req")
            try await ledger.recordReplay(topic: "dlq", id: id, requestKey: "1:u", replayedTo: "req2")
            let replays = try await ledger.replays(topic: "dlq")
            #expect(replays.count == 2)
            let first = try #require(replays[id])
            #expect(first.count == 2 && first.requestKey == "1:u" && first.replayedTo == "req2")
            #expect(abs(first.replayedAt.timeIntervalSinceNow) < 60)
            #expect(replays[DeadLetterID(partition: 1, offset: 0)]?.requestKey == nil)
            #expect(try await ledger.replays(topic: "other").isEmpty)
        }
    }

    @Test("purge marks only move forward")
    func purgeMarks() async throws {
        try await TestServers.withDatabase { client, _ in
            let ledger = DeadLetterLedger(client: client)
            #expect(try await ledger.purgeMarks(topic: "dlq").isEmpty)
            try await ledger.purge(topic: "dlq", partition: 0, before: 10)
            try await ledger.purge(topic: "dlq", partition: 0, before: 4)
            try await ledger.purge(topic: "dlq", partition: 2, before: 1)
            #expect(try await ledger.purgeMarks(topic: "dlq") == [0: 10, 2: 1])
            try await ledger.purge(topic: "dlq", partition: 0, before: 12)
            #expect(try await ledger.purgeMarks(topic: "dlq")[0] == 12)
        }
    }
}
