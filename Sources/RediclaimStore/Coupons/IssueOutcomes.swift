import Foundation
import RediclaimMySQL

/// Final answers that are not a coupon row (`issue_outcome`): users the issuer answered SOLD_OUT, and
/// users whose request went to the DLQ. With `coupon_issue` they are what a lost Redis is rebuilt from.
public struct IssueOutcomes: Sendable {
    /// What became of a request that got no coupon.
    public enum Outcome: String, Sendable, Hashable {
        case soldOut = "SOLD_OUT"
        case deadLettered = "DEAD_LETTERED"
    }

    let client: MySQLClient

    public init(client: MySQLClient) { self.client = client }

    /// Records that `user`'s request was dead-lettered (it used a place of the release budget); an
    /// earlier outcome for the user stands.
    public func recordDeadLettered(eventId: Int64, userId: String, at: Date = Date()) async throws {
        try await client.execute(
            """
            INSERT IGNORE INTO issue_outcome (event_id, user_id, outcome, decided_at)
            VALUES (\(eventId), \(userId), \(Outcome.deadLettered.rawValue), \(at))
            """)
    }

    /// Every outcome of the event.
    public func all(eventId: Int64) async throws -> [String: Outcome] {
        var outcomes: [String: Outcome] = [:]
        for row in try await client.query("SELECT user_id, outcome FROM issue_outcome WHERE event_id = \(eventId)") {
            guard let outcome = Outcome(rawValue: try row.decode("outcome", as: String.self)) else {
                throw StoreError.corrupt("issue_outcome of event \(eventId) holds \(try row.decode("outcome", as: String.self))")
            }
            outcomes[try row.decode("user_id")] = outcome
        }
        return outcomes
    }
}
