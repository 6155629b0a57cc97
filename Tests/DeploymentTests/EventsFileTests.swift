import Foundation
import Testing

/// The example events the rediclaim-events Job applies have the shape `rediclaimctl event apply` reads.
@Suite("Example events", .timeLimit(.minutes(1)))
struct EventsFileTests {
    @Test("k8s/base/events/events.yaml: complete events, an open window, the id the scripts use")
    func exampleEvents() async throws {
        let document = try #require(try await YAMLDocuments.parseFile("k8s/base/events/events.yaml").first)
        let events = document["events"].array
        #expect(!events.isEmpty, "no events: list")
        let dates = ISO8601DateFormatter()
        for event in events {
            let id = try #require(event["id"].int, "an event without an integer id")
            #expect(id > 0)
            #expect(event["name"].string?.isEmpty == false, "event \(id): name")
            #expect((event["stock"].int ?? 0) > 0, "event \(id): stock")
            #expect((event["releaseRate"].int ?? 0) > 0, "event \(id): releaseRate")
            let openAt = try #require(event["openAt"].string.flatMap(dates.date(from:)), "event \(id): openAt")
            let closeAt = try #require(event["closeAt"].string.flatMap(dates.date(from:)), "event \(id): closeAt")
            #expect(openAt < closeAt, "event \(id) closes before it opens")
            let coupon = event["coupon"]
            switch coupon["type"].string {
            case "FIXED": #expect(coupon["amount"].int != nil, "event \(id): FIXED needs amount")
            case "PERCENT": #expect(coupon["percent"].int != nil && coupon["maxDiscount"].int != nil)
            default: Issue.record("event \(id): coupon.type must be FIXED or PERCENT")
            }
            #expect((coupon["validDays"].int ?? 0) > 0, "event \(id): coupon.validDays")
        }
        // The smoke check and the k6 run enqueue into the first example event.
        let first = try #require(events.first?["id"].int)
        #expect(try DeployPaths.read("scripts/kind-up.sh").contains("EVENT_ID=\(first) "))
        #expect(try DeployPaths.read("scripts/k6-kind.sh").contains("EVENT_ID:-\(first)}"))
    }
}
