import Foundation
import Logging
import RediclaimCore
import RediclaimJSON
import Synchronization

/// Each event's coupon policy for the page (discount, minimum order, validity), read from MySQL, the
/// source of truth, at most once a minute per event: a crowd loading the page never reaches MySQL.
final class PagePolicies: Sendable {
    private struct Entry {
        let json: String
        let fetchedAt: ContinuousClock.Instant
    }

    private let stores: GateStores?
    private let logger: Logger
    private let entries = Mutex<[Int64: Entry]>([:])
    private let ttl = Duration.seconds(60)

    init(stores: GateStores?, logger: Logger) {
        self.stores = stores
        self.logger = logger
    }

    /// The policy as the page's JSON, or "" when it cannot be read now (the page then shows no discount).
    func json(_ eventId: Int64) async -> String {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[eventId] }), now - entry.fetchedAt < ttl { return entry.json }
        guard let stores else { return "" }
        let json: String
        do {
            json = Self.json(try await stores.events.get(eventId).event.coupon)
        } catch {
            logger.debug("page: coupon policy unavailable", metadata: [GateLogKey.error: "\(error)"])
            return ""
        }
        entries.withLock { all in
            if all.count > 1_000 { all.removeAll() }
            all[eventId] = Entry(json: json, fetchedAt: now)
        }
        return json
    }

    static func json(_ policy: CouponPolicy) -> String {
        var w = JSONByteWriter()
        w.object { w in
            w.field("type", policy.kind.rawValue)
            switch policy.discount {
            case .fixed(let amount):
                w.field("amount", amount)
            case .percent(let percent, let maxDiscount):
                w.field("percent", percent)
                w.field("maxDiscount", maxDiscount)
            }
            w.field("minOrderAmount", policy.minOrderAmount)
            w.field("validDays", policy.validDays)
        }
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
