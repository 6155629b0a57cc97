import Foundation
import RediclaimKafka
import RediclaimStore
import TestSupport
import Testing

@testable import RediclaimCtl

@Suite("rediclaimctl dlq (in-process issuer and result consumer)", .timeLimit(.minutes(3)))
struct DLQTests {
    @Test("growing DLQ: list shows reason, origin and age; once the cause is fixed replay brings the users to ISSUED; purge needs --yes")
    func growingDLQ() async throws {
        try await OpsStack.run { s in
            // The event reached Redis but not the issuer's database (say, a restore lost it): the
            // issuer dead-letters its requests as unknownEvent.
            let event = try #require(try EventFile.load(path: try s.fixture.eventsFile()).first)
            try await s.withRedis { _ = try await EventRuntimeStore(redis: $0).publish(EventRecord(event: event), fresh: true) }
            try await s.hideFromOtherGates()
            try await Services.run(s) { _ in
                let users = ["d-1", "d-2", "d-3"]
                try await s.dispatch(try await s.enqueueAndRelease(users))
                try await s.publish([
                    KafkaOutgoingMessage(topic: s.topics.requestTopic, key: "\(s.eventId):garbage", value: "{not json", partition: 0)
                ])
                _ = try await s.waitForDeadLetters(4)

                let list = try await s.json("dlq", "list")
                #expect(list.status == 0, "\(list.stderr)")
                #expect(list.object["total"] as? Int == 4 && list.object["replayed"] as? Int == 0)
                #expect(list.object["byErrorCode"] as? [String: Int] == ["unknownEvent": 3, "undecodable": 1])
                let entries = JSONAccess.objects(list.object["entries"])
                #expect(entries.allSatisfy { ($0["ageSeconds"] as? Double ?? -1) >= 0 && $0["replayed"] as? Bool == false })
                #expect(entries.allSatisfy { JSONAccess.object($0["origin"])["topic"] as? String == s.topics.requestTopic })
                let garbage = try #require(entries.first { $0["key"] as? String == "\(s.eventId):garbage" })
                #expect((garbage["notReplayable"] as? String)?.contains("not a valid IssueRequested") == true)
                let first = try #require(entries.first { $0["userId"] as? String == "d-1" })
                let firstId = try #require(first["id"] as? String)
                #expect(first["errorCode"] as? String == "unknownEvent" && first["notReplayable"] == nil)
                let short = try await s.ctl("dlq", "list", "--limit", "2")
                #expect(short.stdout.contains("4 dead letters") && short.stdout.contains("showing the newest 2 of 4"), "\(short.stdout)")

                let dry = try await s.ctl("dlq", "replay", "--all", "--dry-run")
                #expect(dry.status == 0 && dry.stdout.components(separatedBy: "would replay").count == 4, "\(dry.stdout)")
                #expect(try await s.json("dlq", "list").object["replayed"] as? Int == 0, "a dry run replays nothing")

                // The cause is fixed: the event is in MySQL now. Replaying brings everyone to ISSUED.
                try await s.applyEvent()
                let replay = try await s.ctl("dlq", "replay", "--all")
                #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
                #expect(replay.stdout.contains("3 replayed") && replay.stdout.contains("not a valid IssueRequested"))
                let records = try await s.waitForFinal(users)
                #expect(users.allSatisfy { if case .issued = records[$0] { true } else { false } })
                #expect(try await s.json("dlq", "list").object["replayed"] as? Int == 3)

                // Replays are recorded: --all skips them, an --id needs --force.
                let again = try await s.ctl("dlq", "replay", "--all")
                #expect(again.status == 0 && again.stdout.contains("already replayed") && !again.stdout.contains(" replayed to "))
                #expect(try await s.ctl("dlq", "replay", "--id", firstId).status == 1)
                let forced = try await s.ctl("dlq", "replay", "--id", firstId, "--force")
                #expect(forced.status == 0, "\(forced.stderr)")
                let counted = JSONAccess.objects(try await s.json("dlq", "list").object["entries"]).first { $0["id"] as? String == firstId }
                #expect(counted?["replayCount"] as? Int == 2)

                // Purge asks first, then hides what it purged.
                let early = try await s.ctl("dlq", "purge", "--before", "-1h", "--yes")
            #expect(early.status == 0 && early.stdout.contains("purged 0"), "nothing failed an hour ago: \(early.stdout)\(early.stderr)")
            let ask = try await s.ctl("dlq", "purge", "--before", "now")
                #expect(ask.status == 1 && ask.stdout.contains("would purge 4") && ask.stderr.contains("--yes"), "\(ask.stdout)")
                #expect(try await s.json("dlq", "list").object["total"] as? Int == 4)
                let purge = try await s.ctl("dlq", "purge", "--before", "now", "--yes")
                #expect(purge.status == 0 && purge.stdout.contains("purged 4"), "\(purge.stdout)\(purge.stderr)")
                let empty = try await s.json("dlq", "list")
                #expect(empty.object["total"] as? Int == 0 && empty.object["purgedBefore"] as? [String: Int] == ["0": 4])
                let gone = try await s.ctl("dlq", "replay", "--id", firstId)
                #expect(gone.status == 2 && gone.stderr.contains("purged"), "\(gone.stderr)")
                #expect(try await s.ctl("verify", String(s.eventId)).status == 0)
            }
        }
    }
}
