import RediclaimMySQL
import RediclaimStore

/// The gate's view of MySQL, the source of truth: event definitions and controls (the admin API writes
/// them first, then Redis), and the coupons and outcomes a lost Redis is rebuilt from.
public struct GateStores: Sendable {
    public let events: EventStore
    public let coupons: IssuedCoupons
    public let outcomes: IssueOutcomes

    public init(client: MySQLClient) {
        events = EventStore(client: client)
        coupons = IssuedCoupons(client: client)
        outcomes = IssueOutcomes(client: client)
    }
}
