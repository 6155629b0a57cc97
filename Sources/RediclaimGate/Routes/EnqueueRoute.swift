import Foundation
import Hummingbird
import NIOCore
import RediclaimCore
import RediclaimJSON
import RediclaimStore

/// `POST /enqueue {"eventId":1001}`: joins the waiting room as the verified user (idempotent).
/// `userId` in the body is optional, and must name the verified user if present (body mode aside).
struct EnqueueRoute {
    let gate: Gate

    struct Body: Decodable {
        let eventId: Int64
        let userId: String?
    }

    func handle(_ request: Request, context: GateContext) async throws -> Response {
        try gate.limit(gate.ipLimiter, gate.clients.key(peer: context.peer, headers: request.headers), what: "client")
        let verified = try await gate.identity.user(of: request, peer: context.peer)
        let body = try await Self.body(request, limit: gate.settings.maxBodyBytes)
        let userId: String
        switch (verified, body.userId) {
        case (let verified?, let claimed?) where claimed != verified:
            throw APIError(.forbidden, "userId in the body is not the user the request is authenticated as")
        case (let verified?, _):
            userId = verified
        case (nil, let claimed?):
            userId = claimed
        case (nil, nil):
            throw APIError(.invalidRequest, "missing field userId")
        }
        do {
            try Validate.eventId(body.eventId)
            try Validate.userId(userId)
        } catch {
            throw APIError.invalid(error)
        }
        // Only users of events that exist consume a per-user bucket: made-up events cannot fill the table.
        guard let definition = try await gate.events.definition(body.eventId) else { throw gate.live.missing(body.eventId) }
        try gate.limit(gate.userLimiter, "\(body.eventId):\(userId)", what: "user")

        let outcome = try await gate.room.enqueue(eventId: body.eventId, userId: userId)
        switch outcome {
        case .eventNotFound:
            gate.events.invalidate(body.eventId)
            throw gate.live.missing(body.eventId)
        case .refused(let state):
            var error = Self.refusal(state, eventId: body.eventId)
            if state == .scheduled, definition.preQueueSeconds > 0 {
                // Before the window: come back when it opens (it admits everyone who arrives in it alike).
                let untilMs = definition.preQueueOpensAtMs - Timestamps.epochMillis(Date())
                error.retryAfterSeconds = max(1, Int((Double(untilMs) / 1_000).rounded(.up)))
            }
            throw error
        case .preQueued(let opensInMs, let waiting, _):
            return JSONBody.response(
                .accepted, preQueueAnswer(opensInMs: opensInMs, waiting: waiting, eventId: body.eventId, userId: userId, definition: definition).json)
        case .queueFull:
            // Places free up as the queue moves; spread the crowd over the time a tenth of the cap takes to drain.
            let drain = Double(definition.maxWaiting) * 0.1 / Double(max(1, definition.releaseRate))
            let retry = definition.paused ? 30 : max(1, min(30, Int(drain.rounded(.up))))
            throw APIError(.queueFull, "the queue of event \(body.eventId) is full; try again shortly", retryAfterSeconds: retry)
        case .waiting(let score, let rank, let waiting, _, let cohort):
            var answer = waitingAnswer(
                score: score, rank: rank, waiting: waiting, cohort: cohort, eventId: body.eventId, userId: userId, definition: definition)
            answer.waiting = waiting
            return JSONBody.response(.accepted, answer.json)
        case .left(let record, let waiting):
            var answer = QueueAnswer.left(record, polls: gate.polls)
            answer.eventId = body.eventId
            answer.userId = userId
            answer.waiting = waiting
            answer.ahead = nil
            if record.score.raw > 0 {
                answer.ticket = gate.settings.signer.sign(
                    claims(score: record.score, eventId: body.eventId, userId: userId, definition: definition))
            }
            return JSONBody.response(.ok, answer.json)
        }
    }

    /// The common case through `FlatJSONReader`; anything unusual (and every error) through `JSONDecoder`.
    static func body(_ request: Request, limit: Int) async throws -> Body {
        let buffer = try await JSONBody.collect(request, limit: limit)
        if let object = FlatJSONReader.parse(buffer.readableBytesView), case .integer(let eventId)? = object["eventId"] {
            switch object["userId"] {
            case nil: if object.count == 1 { return Body(eventId: eventId, userId: nil) }
            case .string(let userId)?: return Body(eventId: eventId, userId: userId)
            default: break
            }
        }
        return try JSONBody.decode(Body.self, from: buffer)
    }

    func waitingAnswer(
        score: QueueScore, rank: Int, waiting: Int, cohort: Int, eventId: Int64, userId: String, definition: RuntimeDefinition
    ) -> QueueAnswer {
        let rate = gate.rates.effectiveRate(eventId, configured: definition.releaseRate)
        let claims = score.seq <= Int64(cohort)
            ? cohortClaims(issuedAt: definition.openAtMs / 1000, eventId: eventId, userId: userId, definition: definition)
            : claims(score: score, eventId: eventId, userId: userId, definition: definition)
        return QueueAnswer(
            status: .waiting, eventId: eventId, userId: userId, rank: rank, ticket: gate.settings.signer.sign(claims),
            pollAfterMs: gate.polls.pollAfterMs(ahead: rank - 1, waiting: waiting, ratePerSecond: rate, random: .random(in: 0..<1)),
            estimatedWaitSeconds: gate.polls.estimatedWaitSeconds(ahead: rank - 1, ratePerSecond: rate))
    }

    func preQueueAnswer(opensInMs: Int64, waiting: Int, eventId: Int64, userId: String, definition: RuntimeDefinition) -> QueueAnswer {
        let claims = cohortClaims(issuedAt: definition.preQueueOpensAtMs / 1000, eventId: eventId, userId: userId, definition: definition)
        var answer = QueueAnswer.preQueue(
            opensInMs: opensInMs, waiting: waiting, rate: gate.rates.effectiveRate(eventId, configured: definition.releaseRate),
            polls: gate.polls)
        answer.eventId = eventId
        answer.userId = userId
        answer.waiting = waiting
        answer.ticket = gate.settings.signer.sign(claims)
        return answer
    }

    /// A pre-queue user's ticket: sequence number 0, valid for whichever cohort position the open gives them
    /// (`/rank` accepts it for positions up to the cohort's size only). Its time is the window's start (or
    /// the open, once placed), so repeats within one ticket window get the same ticket.
    func cohortClaims(issuedAt: Int64, eventId: Int64, userId: String, definition: RuntimeDefinition) -> TicketClaims {
        let now = Int64(Date().timeIntervalSince1970)
        return TicketClaims(
            eventId: eventId, userId: userId, seq: 0, issuedAt: issuedAt,
            expiresAt: gate.settings.ticketPolicy.expiresAt(issuedAt: issuedAt, now: now, closeAtSeconds: definition.closeAtMs / 1000))
    }

    /// The ticket's time is the enqueue second, rebuilt from the queue score, so a repeat within one
    /// ticket window gets the same ticket; its expiry is that window's end (never past close + grace).
    func claims(score: QueueScore, eventId: Int64, userId: String, definition: RuntimeDefinition) -> TicketClaims {
        let issuedAt = score.enqueuedAt(openAtSeconds: definition.openAtMs / 1000)
        let now = Int64(Date().timeIntervalSince1970)
        return TicketClaims(
            eventId: eventId, userId: userId, seq: score.seq, issuedAt: issuedAt,
            expiresAt: gate.settings.ticketPolicy.expiresAt(issuedAt: issuedAt, now: now, closeAtSeconds: definition.closeAtMs / 1000))
    }

    static func refusal(_ state: EventState, eventId: Int64) -> APIError {
        switch state {
        case .scheduled: APIError(.eventNotOpen, "event \(eventId) is not open yet")
        case .closed: APIError(.eventClosed, "event \(eventId) is closed")
        default: APIError(.soldOut, "event \(eventId) is sold out")
        }
    }
}
