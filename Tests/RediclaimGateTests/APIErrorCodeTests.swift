import Testing

import RediclaimGate

@Suite(.timeLimit(.minutes(1))) struct APIErrorCodeTests {
    @Test(arguments: [
        (APIErrorCode.invalidRequest, "INVALID_REQUEST", 400),
        (.unauthorized, "UNAUTHORIZED", 401),
        (.ticketExpired, "TICKET_EXPIRED", 401),
        (.forbidden, "FORBIDDEN", 403),
        (.eventNotFound, "EVENT_NOT_FOUND", 404),
        (.notInQueue, "NOT_IN_QUEUE", 404),
        (.notFound, "NOT_FOUND", 404),
        (.methodNotAllowed, "METHOD_NOT_ALLOWED", 405),
        (.eventNotOpen, "EVENT_NOT_OPEN", 409),
        (.eventClosed, "EVENT_CLOSED", 409),
        (.soldOut, "SOLD_OUT", 410),
        (.payloadTooLarge, "PAYLOAD_TOO_LARGE", 413),
        (.unsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", 415),
        (.rateLimited, "RATE_LIMITED", 429),
        (.internalError, "INTERNAL", 500),
        (.unavailable, "UNAVAILABLE", 503),
        (.queueFull, "QUEUE_FULL", 503),
    ])
    func wireNameAndStatus(code: APIErrorCode, name: String, status: Int) {
        #expect(code.rawValue == name)
        #expect(code.httpStatus == status)
    }

    @Test func everyCodeIsInTheTable() {
        #expect(APIErrorCode.allCases.count == 17)
    }
}
