/// The one error type of the MySQL bridge: a named code, a message safe to show, and the details.
///
/// `description` never holds server text (it can echo user values, e.g. a duplicate key);
/// `debugDescription` adds the server code, SQLSTATE, server message and underlying detail.
public struct MySQLError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, named; server and client codes map onto it in `MySQLError+Code.swift`.
    public var code: Code
    /// A short message safe to show to users and logs.
    public var message: String
    /// The server or client error number (`mysql_errno`), when there was one.
    public var errorNumber: UInt32?
    /// The SQLSTATE reported with the error, when there was one.
    public var sqlState: String?
    /// The server's (or client library's) own message; may quote values, so not for end users.
    public var serverMessage: String?
    /// Anything else worth knowing when debugging (e.g. the underlying error).
    public var detail: String?
    /// Where the error was raised in this module.
    public var file: String
    /// The line in `file`.
    public var line: Int

    public init(
        _ code: Code, _ message: String, errorNumber: UInt32? = nil, sqlState: String? = nil,
        serverMessage: String? = nil, detail: String? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.errorNumber = errorNumber
        self.sqlState = sqlState
        self.serverMessage = serverMessage
        self.detail = detail
        self.file = file
        self.line = line
    }

    /// Worth retrying the whole unit of work: deadlock, lock wait timeout, lost or refused connection,
    /// a server that is full, read-only (a failover), interrupted or not ready, a statement to prepare again.
    public var isTransient: Bool {
        switch code {
        case .deadlock, .lockWaitTimeout, .connectionLost, .cannotConnect, .tooManyConnections, .readOnly, .interrupted,
             .needsReprepare, .serverNotReady:
            true
        default: false
        }
    }

    public var description: String {
        if let errorNumber { return "MySQL \(code): \(message) (\(errorNumber))" }
        return "MySQL \(code): \(message)"
    }

    public var debugDescription: String {
        var text = description
        if let sqlState { text += " sqlState=\(sqlState)" }
        if let serverMessage { text += " server=\"\(serverMessage)\"" }
        if let detail { text += " detail=\"\(detail)\"" }
        return text + " at \(file):\(line)"
    }
}
