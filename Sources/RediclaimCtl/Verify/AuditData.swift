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
    var releaseLog: [ReleaseLogEntry]
    /// nil when the result topic was not read (`--no-kafka`).
    var results: [IssueResult]?
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
