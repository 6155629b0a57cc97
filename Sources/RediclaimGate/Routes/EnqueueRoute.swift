import Foundation
import Hummingbird
import NIOCore
import RediclaimCore
import RediclaimJSON
import RediclaimStore

/// `POST /enqueue {"eventId":1001,"userId":"u-42"}`: joins the waiting room (idempotent).
struct EnqueueRoute {
    let gate: Gate

    struct Body: Decodable {
        let eventId: Int64
        let userId: String
    }

    func handle(_ request: Request, context: GateContext) async throws -> Response {
        try gate.limit(gate.ipLimiter, context.clientKey, what: "client")
        let body = try await Self.body(request, limit: gate.settings.maxBodyBytes)
        do {
            try Validate.eventId(body.eventId)
            try Validate.userId(body.userId)
        } catch {
            throw APIError.invalid(error)
        }
        try gate.limit(gate.userLimiter, "\(body.eventId):\(body.userId)", what: "user")

        let outcome = try await gate.room.enqueue(eventId: body.eventId, userId: body.userId)
        switch outcome {
        case .eventNotFound:
            throw APIError(.eventNotFound, "event \(body.eventId) does not exist")
        case .refused(let state):
            throw Self.refusal(state, eventId: body.eventId)
        case .waiting(let score, let rank, let waiting, _):
            let definition = try await gate.events.definition(body.eventId)
            var answer = try await waitingAnswer(
                score: score, rank: rank, eventId: body.eventId, userId: body.userId, definition: definition)
            answer.waiting = waiting
            return JSONBody.response(.accepted, answer.json)
        case .left(let record, let waiting):
            var answer = QueueAnswer.left(record, polls: gate.polls)
            answer.eventId = body.eventId
            answer.userId = body.userId
            answer.waiting = waiting
            answer.ahead = nil
            if record.score.raw > 0, let definition = try await gate.events.definition(body.eventId) {
                answer.ticket = gate.settings.signer.sign(
                    Self.claims(score: record.score, eventId: body.eventId, userId: body.userId, definition: definition))
            }
            return JSONBody.response(.ok, answer.json)
        }
    }

    /// The common case through `FlatJSONReader`; anything unusual (and every error) through `JSONDecoder`.
    static func body(_ request: Request, limit: Int) async throws -> Body {
        let buffer = try await JSONBody.collect(request, limit: limit)
        if let object = FlatJSONReader.parse(buffer.readableBytesView),
            case .integer(let eventId)? = object["eventId"], case .string(let userId)? = object["userId"]
        {
            return Body(eventId: eventId, userId: userId)
        }
        return try JSONBody.decode(Body.self, from: buffer)
    }

    func waitingAnswer(score: QueueScore, rank: Int, eventId: Int64, userId: String, definition: RuntimeDefinition?)
        async throws -> QueueAnswer
    {
        guard let definition else { throw APIError(.eventNotFound, "event \(eventId) does not exist") }
        let rate = gate.rates.effectiveRate(eventId, configured: definition.releaseRate)
        let ticket = gate.settings.signer.sign(Self.claims(score: score, eventId: eventId, userId: userId, definition: definition))
        return QueueAnswer(
            status: .waiting, eventId: eventId, userId: userId, rank: rank, ticket: ticket,
            pollAfterMs: gate.polls.pollAfterMs(ahead: rank - 1, ratePerSecond: rate, random: .random(in: 0..<1)),
            estimatedWaitSeconds: gate.polls.estimatedWaitSeconds(ahead: rank - 1, ratePerSecond: rate))
    }

    /// The ticket's time is the enqueue second, rebuilt from the queue score, so a repeat gets the same ticket.
    static func claims(score: QueueScore, eventId: Int64, userId: String, definition: RuntimeDefinition) -> TicketClaims {
        TicketClaims(
            eventId: eventId, userId: userId, seq: score.seq,
            issuedAt: score.enqueuedAt(openAtSeconds: definition.openAtMs / 1000))
    }

    static func refusal(_ state: EventState, eventId: Int64) -> APIError {
        switch state {
        case .scheduled: APIError(.eventNotOpen, "event \(eventId) is not open yet")
        case .closed: APIError(.eventClosed, "event \(eventId) is closed")
        default: APIError(.soldOut, "event \(eventId) is sold out")
        }
    }
}
