import Foundation
import Hummingbird
import RediclaimCore
import RediclaimJSON
import RediclaimStore

/// `GET` and `PATCH /admin/events/{id}` behind the admin bearer token. A `PATCH` writes MySQL first,
/// then Redis, exactly as `rediclaimctl event ...` does.
struct AdminRoutes {
    let gate: Gate

    struct Patch: Decodable {
        let releaseRate: Int?
        let paused: Bool?
        let closed: Bool?
    }

    func authorize(_ request: Request) throws(APIError) {
        guard let token = gate.settings.adminToken else {
            throw APIError(.unauthorized, "the admin API is off (set gate.adminToken)")
        }
        let presented = request.headers[.authorization].flatMap { header -> Substring? in
            header.lowercased().hasPrefix("bearer ") ? header.dropFirst(7) : nil
        }
        guard let presented, ConstantTime.equal(Array(presented.utf8), Array(token.utf8)) else {
            throw APIError(.unauthorized, "invalid admin token")
        }
    }

    func eventId(_ context: GateContext) throws(APIError) -> Int64 {
        guard let raw = context.parameters.get("id") else { throw APIError(.invalidRequest, "missing event id") }
        do {
            return try Validate.eventId(parsing: raw, field: "id")
        } catch {
            throw APIError.invalid(error)
        }
    }

    func show(_ request: Request, context: GateContext) async throws -> Response {
        try authorize(request)
        return JSONBody.response(.ok, try await figures(try eventId(context)))
    }

    func patch(_ request: Request, context: GateContext) async throws -> Response {
        try authorize(request)
        let id = try eventId(context)
        let patch = try await JSONBody.decode(Patch.self, from: request, limit: gate.settings.maxBodyBytes)
        guard patch.releaseRate != nil || patch.paused != nil || patch.closed != nil else {
            throw APIError(.invalidRequest, "give at least one of releaseRate, paused, closed")
        }
        if let rate = patch.releaseRate, !Event.releaseRateRange.contains(rate) {
            throw APIError(.invalidRequest, "releaseRate must be between 1 and 1000000 users per second (got \(rate))")
        }
        // MySQL first (the source of truth, one new version), then the Redis copy: a later publish of an
        // older version (an `event apply` that read MySQL before this) can never revert it.
        guard let stores = gate.stores else {
            throw APIError(.unavailable, "the admin API needs MySQL, which this gate is not connected to", retryAfterSeconds: 5)
        }
        let record: EventRecord
        do {
            record = try await stores.events.setControls(
                id, releaseRate: patch.releaseRate, paused: patch.paused, closed: patch.closed, source: "gate-admin")
        } catch let error as StoreError where error.code == .eventNotFound {
            throw APIError(.eventNotFound, "event \(id) does not exist")
        }
        try await gate.runtime.publish(record)
        gate.events.invalidate(id)
        gate.info.invalidate(id)
        gate.logger.notice(
            "admin changed event",
            metadata: [GateLogKey.eventId: "\(id)", GateLogKey.releaseRate: "\(patch.releaseRate.map(String.init) ?? "-")",
                       GateLogKey.paused: "\(patch.paused.map(String.init) ?? "-")", GateLogKey.closed: "\(patch.closed.map(String.init) ?? "-")"])
        return JSONBody.response(.ok, try await figures(id))
    }

    func figures(_ id: Int64) async throws -> [UInt8] {
        guard let definition = try await gate.runtime.definition(id) else {
            throw APIError(.eventNotFound, "event \(id) does not exist")
        }
        let c = try await gate.runtime.counters(id)
        let state = definition.state(at: Date(), released: c.released)
        var w = JSONByteWriter()
        w.object { w in
            w.field("id", id)
            w.field("name", definition.name)
            w.field("state", state.rawValue)
            w.field("stock", definition.stock)
            w.field("waiting", c.waiting)
            w.field("released", c.released)
            w.field("remaining", max(0, definition.stock - c.released))
            w.field("issued", c.issued)
            w.field("soldOut", c.soldOut)
            w.field("pendingDispatch", c.pending)
            w.field("releaseRate", definition.releaseRate)
            w.field("measuredRate", (gate.rates.rate(id) ?? 0).rounded())
            w.field("paused", definition.paused)
            w.field("closed", definition.closed)
        }
        return w.bytes
    }
}
