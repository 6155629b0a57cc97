import Foundation
import RediclaimCore
import RediclaimJSON
import RediclaimStore

/// The body shared by `/enqueue` and `/rank` answers, written by `JSONByteWriter`.
struct QueueAnswer {
    var status: UserStatus
    var eventId: Int64?
    var userId: String?
    /// nil in the pre-queue: nobody has a place before the open.
    var rank: Int?
    var ahead: Int?
    var waiting: Int?
    var ticket: String?
    var pollAfterMs: Int
    var estimatedWaitSeconds: Int
    var coupon: (code: String, expiresAt: String)?
    /// PRE_QUEUE only: seconds until the open (0 while the cohort is being placed).
    var opensInSeconds: Int?

    var json: [UInt8] {
        var w = JSONByteWriter()
        w.object { w in
            w.field("status", status.rawValue)
            if let eventId { w.field("eventId", eventId) }
            if let userId { w.field("userId", userId) }
            if let rank { w.field("rank", rank) }
            if let ahead { w.field("ahead", ahead) }
            if let waiting { w.field("waiting", waiting) }
            if let ticket { w.field("ticket", ticket) }
            w.field("pollAfterMs", pollAfterMs)
            w.field("estimatedWaitSeconds", estimatedWaitSeconds)
            if let opensInSeconds { w.field("opensInSeconds", opensInSeconds) }
            if let coupon {
                w.object("coupon") {
                    $0.field("code", coupon.code)
                    $0.field("expiresAt", coupon.expiresAt)
                }
            }
        }
        return w.bytes
    }

    /// The answer for a user who already left the queue.
    static func left(_ record: UserRecord, polls: PollPolicy) -> QueueAnswer {
        switch record {
        case .released:
            QueueAnswer(
                status: .released, rank: 0, ahead: 0, pollAfterMs: polls.pollAfterReleasedMs(random: .random(in: 0..<1)),
                estimatedWaitSeconds: 1)
        case .issued(_, let code, let expiresAt):
            QueueAnswer(
                status: .issued, rank: 0, ahead: 0, pollAfterMs: 0, estimatedWaitSeconds: 0,
                coupon: (code, Self.iso(expiresAt)))
        case .soldOut:
            soldOut
        }
    }

    /// The answer for a user in the pre-queue: come back just after the open (spread, see `PollPolicy`).
    /// The wait estimate is the open plus half the cohort's release time: the place is random until then.
    static func preQueue(opensInMs: Int64, waiting: Int, rate: Double, polls: PollPolicy) -> QueueAnswer {
        let opensIn = Int((Double(max(0, opensInMs)) / 1_000).rounded(.up))
        var answer = QueueAnswer(
            status: .preQueue, rank: nil,
            pollAfterMs: polls.pollAfterPreQueueMs(opensInMs: opensInMs, preQueued: waiting, random: .random(in: 0..<1)),
            estimatedWaitSeconds: opensIn + polls.estimatedWaitSeconds(ahead: waiting / 2, ratePerSecond: rate))
        answer.opensInSeconds = opensIn
        return answer
    }

    static let soldOut = QueueAnswer(status: .soldOut, rank: 0, ahead: 0, pollAfterMs: 0, estimatedWaitSeconds: 0)

    /// Expiry arrives from the issuer as epoch ms; clients get ISO-8601.
    static func iso(_ epochMs: String) -> String {
        guard let ms = Int64(epochMs) else { return epochMs }
        return Timestamps.iso8601(Timestamps.date(epochMillis: ms))
    }
}
