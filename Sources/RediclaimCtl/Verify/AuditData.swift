import Foundation
import RediclaimCore
import RediclaimStore

/// Everything the invariant checks look at for one event, gathered from MySQL, Redis and Kafka.
struct AuditData: Sendable {
    struct Row: Sendable, Hashable {
        let userId: String
        let code: String
    }

    var eventId: Int64
    var stock: Int64
    var releaseRate: Int
    var tickMs: Int
    var issuedCount: Int64
    var rows: [Row]
    var records: [String: UserRecord]
    /// Redis's release log: this lifetime's releases (and earlier ones an AOF kept).
    var releaseLog: [ReleaseLogEntry]
    /// nil when the result topic was not read (`--no-kafka`).
    var results: [IssueResult]?
    /// The request topic's releases of this event, every Redis lifetime included; nil with `--no-kafka`.
    var requests: [IssueRequested]? = nil
    /// The event's logged changes, oldest first: the release rate in force at each moment.
    var changes: [EventChange] = []
    /// SOLD_OUT answers and dead-lettered requests, from MySQL.
    var outcomes: [String: IssueOutcomes.Outcome] = [:]
    /// Closed by an operator or past `closeAt`: waiting users were told SOLD_OUT without the stock being spent.
    var closed = false
    /// The pre-queue's opening, when the event had one.
    var cohort: CohortAudit? = nil
}

/// One invariant's verdict.
struct InvariantResult: Encodable, Sendable {
    let id: String
    let title: String
    let passed: Bool
    let summary: String
    /// A few offending items, to start an investigation with.
    let examples: [String]
}
