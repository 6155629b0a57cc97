/// The error codes of the gate's HTTP contract, each with its status, kept in one place.
public enum APIErrorCode: String, Sendable, Hashable, CaseIterable, Codable {
    case invalidRequest = "INVALID_REQUEST"
    case unauthorized = "UNAUTHORIZED"
    /// A ticket the gate signed, past its expiry: enqueue again (same place) for a fresh one.
    case ticketExpired = "TICKET_EXPIRED"
    /// Authenticated, but asking for someone else (a body `userId` that is not the verified user).
    case forbidden = "FORBIDDEN"
    case eventNotFound = "EVENT_NOT_FOUND"
    case notInQueue = "NOT_IN_QUEUE"
    /// No route has this path.
    case notFound = "NOT_FOUND"
    /// The path exists, but not for this method (`Allow` lists the methods).
    case methodNotAllowed = "METHOD_NOT_ALLOWED"
    case eventNotOpen = "EVENT_NOT_OPEN"
    case eventClosed = "EVENT_CLOSED"
    case soldOut = "SOLD_OUT"
    /// The body is larger than `gate.maxBodyBytes`.
    case payloadTooLarge = "PAYLOAD_TOO_LARGE"
    /// A POST or PATCH whose body is not declared `application/json`.
    case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    case rateLimited = "RATE_LIMITED"
    case internalError = "INTERNAL"
    /// Redis or Kafka cannot be reached (or refuses work) right now; `Retry-After` says when to come back.
    case unavailable = "UNAVAILABLE"
    /// The event's queue holds `maxWaiting` users already; `Retry-After` says when to try again.
    case queueFull = "QUEUE_FULL"

    /// The HTTP status the gate answers with.
    public var httpStatus: Int {
        switch self {
        case .invalidRequest: 400
        case .unauthorized, .ticketExpired: 401
        case .forbidden: 403
        case .eventNotFound, .notInQueue, .notFound: 404
        case .methodNotAllowed: 405
        case .eventNotOpen, .eventClosed: 409
        case .soldOut: 410
        case .payloadTooLarge: 413
        case .unsupportedMediaType: 415
        case .rateLimited: 429
        case .internalError: 500
        case .unavailable, .queueFull: 503
        }
    }
}
