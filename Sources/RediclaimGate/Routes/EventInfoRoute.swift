import Foundation
import Hummingbird
import NIOCore
import RediclaimCore
import RediclaimJSON
import RediclaimStore

/// `GET /events/{id}`: what anyone may know of an event, no ticket needed and nothing per user: name,
/// state, opening, the pre-queue window, the shuffle's commitment (and its seed once the cohort is frozen
/// at the open), how many wait and how long a new arrival would. Cached about a second (`Cache-Control`).
struct EventInfoRoute {
    let gate: Gate

    func handle(_ request: Request, context: GateContext) async throws -> Response {
        try gate.limit(gate.ipLimiter, gate.clients.key(peer: context.peer, headers: request.headers), what: "client")
        guard let raw = context.parameters.get("id") else { throw APIError(.invalidRequest, "missing event id") }
        let id: Int64
        do {
            id = try Validate.eventId(parsing: raw, field: "id")
        } catch {
            throw APIError.invalid(error)
        }
        let body = try await gate.info.body(id) { try await build(id) }
        let maxAge = Int(gate.info.ttl.components.seconds)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=\(max(1, maxAge))"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    func build(_ id: Int64) async throws -> [UInt8] {
        guard let definition = try await gate.events.definition(id) else {
            throw APIError(.eventNotFound, "event \(id) does not exist")
        }
        let c = try await gate.runtime.counters(id)
        let now = Date()
        let nowMs = Timestamps.epochMillis(now)
        let state = definition.state(at: now, released: c.released)
        let waiting = c.waiting + c.preQueued
        let rate = gate.rates.effectiveRate(id, configured: definition.releaseRate)
        let untilOpen = max(0, Int((Double(definition.openAtMs - nowMs) / 1_000).rounded(.up)))
        var w = JSONByteWriter()
        w.object { w in
            w.field("id", id)
            w.field("name", definition.name)
            w.field("state", state.rawValue)
            w.field("openAt", Timestamps.iso8601(Timestamps.date(epochMillis: definition.openAtMs)))
            w.field("closeAt", Timestamps.iso8601(Timestamps.date(epochMillis: definition.closeAtMs)))
            if definition.preQueueSeconds > 0 {
                w.object("preQueue") { w in
                    w.field("seconds", definition.preQueueSeconds)
                    w.field("opensAt", Timestamps.iso8601(Timestamps.date(epochMillis: definition.preQueueOpensAtMs)))
                    w.field("open", state == .scheduled && nowMs >= definition.preQueueOpensAtMs)
                    w.field("preQueued", c.preQueued)
                    if let cohort = c.cohort { w.field("cohort", cohort) }
                    w.field("shuffled", c.shuffled)
                }
            }
            if let seed = definition.seed {
                w.field("commitment", seed.commitment)
                // Revealed once the cohort is frozen (by Redis's clock, at the open): it can no longer help anyone.
                if c.cohort != nil { w.field("seed", seed.hex) }
            }
            w.field("waiting", waiting)
            w.field(
                "estimatedWaitSeconds",
                (state == .scheduled ? untilOpen : 0) + gate.polls.estimatedWaitSeconds(ahead: Int(waiting), ratePerSecond: rate))
            w.field("soldOut", state == .soldOut)
        }
        return w.bytes
    }
}
