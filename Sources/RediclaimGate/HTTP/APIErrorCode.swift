/// The error codes of the gate's HTTP contract, each with its status, kept in one place.
public enum APIErrorCode: String, Sendable, Hashable, CaseIterable, Codable {
    case invalidRequest = "INVALID_REQUEST"
    case unauthorized = "UNAUTHORIZED"
    case eventNotFound = "EVENT_NOT_FOUND"
    case notInQueue = "NOT_IN_QUEUE"
    case eventNotOpen = "EVENT_NOT_OPEN"
    case eventClosed = "EVENT_CLOSED"
    case soldOut = "SOLD_OUT"
    case rateLimited = "RATE_LIMITED"
    case internalError = "INTERNAL"
    case unavailable = "UNAVAILABLE"

    /// The HTTP status the gate answers with.
    public var httpStatus: Int {
        switch self {
        case .invalidRequest: 400
        case .unauthorized: 401
        case .eventNotFound, .notInQueue: 404
        case .eventNotOpen, .eventClosed: 409
        case .soldOut: 410
        case .rateLimited: 429
        case .internalError: 500
        case .unavailable: 503
        }
    }
}
