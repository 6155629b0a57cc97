import Foundation
import Hummingbird
import RediclaimCore
import RediclaimStore

/// `GET /rank?eventId=1001&userId=u-42` with `Authorization: Bearer <ticket>` (or `&ticket=`).
struct RankRoute {
    let gate: Gate

    func handle(_ request: Request, context: GateContext) async throws -> Response {
        try gate.limit(gate.ipLimiter, gate.clients.key(peer: context.peer, headers: request.headers), what: "client")
        let query = request.uri.queryParameters
        guard let rawEvent = query["eventId"] else { throw APIError(.invalidRequest, "missing query parameter eventId") }
        guard let rawUser = query["userId"] else { throw APIError(.invalidRequest, "missing query parameter userId") }
        let eventId: Int64
        let userId = String(rawUser)
        do {
            eventId = try Validate.eventId(parsing: String(rawEvent))
            try Validate.userId(userId)
        } catch {
            throw APIError.invalid(error)
        }
        guard let ticket = Self.ticket(request) else {
            throw APIError(.unauthorized, "a ticket is required (Authorization: Bearer <ticket> from /enqueue)")
        }
        // The same answer for every bad ticket: nothing tells a guesser whether the user is queued. Only a
        // ticket we signed can be told it expired (the client then enqueues again for a fresh one).
        let claims: TicketClaims
        do {
            claims = try gate.settings.signer.verify(ticket, eventId: eventId, userId: userId, now: Int64(Date().timeIntervalSince1970))
        } catch .expired {
            throw APIError(.ticketExpired, "the ticket has expired; enqueue again (same place) for a fresh one")
        } catch {
            throw APIError(.unauthorized, "invalid ticket")
        }
        // Only ticket holders spend this user's rank budget, never someone enqueuing as them.
        try gate.limit(gate.rankLimiter, "\(eventId):\(userId)", what: "user")

        let answer: QueueAnswer
        switch try await gate.room.rank(eventId: eventId, userId: userId) {
        case .eventNotFound:
            throw gate.live.missing(eventId)
        case .waiting(let score, let rank, let waiting, let state, let cohort):
            guard Self.matches(claims, seq: score.seq, cohort: cohort) else { throw APIError(.unauthorized, "invalid ticket") }
            if state == .closed || state == .soldOut {
                answer = .soldOut
            } else {
                let configured = try await gate.events.definition(eventId)?.releaseRate ?? 1
                let rate = gate.rates.effectiveRate(eventId, configured: configured)
                answer = QueueAnswer(
                    status: .waiting, rank: rank, ahead: rank - 1,
                    pollAfterMs: gate.polls.pollAfterMs(ahead: rank - 1, waiting: waiting, ratePerSecond: rate, random: .random(in: 0..<1)),
                    estimatedWaitSeconds: gate.polls.estimatedWaitSeconds(ahead: rank - 1, ratePerSecond: rate))
            }
        case .left(let record, _, let cohort):
            if record.score.raw > 0 && !Self.matches(claims, seq: record.score.seq, cohort: cohort) {
                throw APIError(.unauthorized, "invalid ticket")
            }
            answer = QueueAnswer.left(record, polls: gate.polls)
        case .preQueued(let opensInMs, let waiting, _):
            // Only a pre-queue ticket (sequence number 0) is good for a user still in the pre-queue.
            guard claims.seq == 0 else { throw APIError(.unauthorized, "invalid ticket") }
            let configured = try await gate.events.definition(eventId)?.releaseRate ?? 1
            answer = QueueAnswer.preQueue(
                opensInMs: opensInMs, waiting: waiting, rate: gate.rates.effectiveRate(eventId, configured: configured), polls: gate.polls)
        case .absent(let state):
            // A valid ticket proves the user was queued; after a sell-out or close the queue is gone.
            guard state == .soldOut || state == .closed else {
                throw APIError(.notInQueue, "user \(userId) is not in the queue of event \(eventId); enqueue again")
            }
            answer = .soldOut
        }
        return JSONBody.response(.ok, answer.json)
    }

    /// A ticket names the user's sequence number, or 0 for a pre-queue ticket, which is good for a cohort
    /// position (1...cohort) only: a user who lost their place and queued again after the open needs the new one.
    static func matches(_ claims: TicketClaims, seq: Int64, cohort: Int) -> Bool {
        claims.seq == seq || (claims.seq == 0 && seq >= 1 && seq <= Int64(cohort))
    }

    static func ticket(_ request: Request) -> String? {
        if let auth = request.headers[.authorization] {
            let parts = auth.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingCharacters(in: .whitespaces) }
            return nil
        }
        return request.uri.queryParameters["ticket"].map(String.init)
    }
}
