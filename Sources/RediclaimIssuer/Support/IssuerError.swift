import RediclaimStore

/// The one error type of the issuer: a named code, a message safe to show, and the detail for logs.
public struct IssuerError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// A message is not a valid `IssueRequested` (permanent: goes to the DLQ at once).
        case undecodable
        /// A request names an event that is not in MySQL (permanent: goes to the DLQ at once).
        case unknownEvent
        /// The stock guard refused the `issued_count` update: counts changed under the event lock.
        case stockGuard
        /// New coupon codes kept colliding with existing ones.
        case codeCollision
        /// A row in MySQL cannot be read back as a coupon.
        case corruptRow
        /// The database kept refusing this message's work (a permanent error, `maxAttempts` times).
        case rejected
        /// The result message could not be built from what MySQL holds.
        case invalidResult
        /// The issuer was shut down before the work finished.
        case shutdown
    }

    public let code: Code
    /// Short and safe to show (no user values).
    public let message: String
    /// The underlying error or values, for logs.
    public let detail: String?

    public init(_ code: Code, _ message: String, detail: String? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
    }

    /// The code a dead letter records for `error`: the store's named failures keep their names.
    init(deadLetterCause error: any Error, safeMessage: String) {
        switch error {
        case let error as IssuerError: self = error
        case let error as StoreError where error.code == .stockGuard:
            self.init(.stockGuard, error.message, detail: error.debugDescription)
        case let error as StoreError where error.code == .codeCollision:
            self.init(.codeCollision, error.message, detail: error.debugDescription)
        case let error as StoreError where error.code == .corrupt:
            self.init(.corruptRow, error.message, detail: error.debugDescription)
        default:
            self.init(.rejected, safeMessage, detail: String(reflecting: error))
        }
    }

    public var description: String { "IssuerError(\(code.rawValue)): \(message)" }

    public var debugDescription: String { description + (detail.map { " [\($0)]" } ?? "") }
}
