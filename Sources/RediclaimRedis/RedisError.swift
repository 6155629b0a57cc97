/// The one error type of the Redis bridge: a code, a message safe to show, and the underlying detail.
public struct RedisError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, independent of the wording of hiredis or the server.
    public enum Code: String, Sendable, Hashable {
        /// A configuration or URL that cannot be used.
        case invalidConfiguration
        /// The TCP connection (or its handshake) could not be established.
        case connectionFailed
        /// AUTH was rejected, or the server wants a password we did not send.
        case authenticationFailed
        /// The connection died while the command was in flight.
        case connectionLost
        /// The command's reply did not arrive within the command timeout.
        case timeout
        /// Redis answered with an error reply; `message` is the server's text.
        case serverError
        /// The bytes on the wire were not valid RESP.
        case protocolError
        /// hiredis could not allocate memory.
        case outOfMemory
        /// The client was shut down before the command completed.
        case shutdown
        /// A reply had a shape the caller did not expect.
        case unexpectedReply
    }

    public let code: Code
    /// Safe to show to an operator or to log; never contains the password.
    public let message: String
    /// The underlying detail (hiredis error text, errno, address), for logs.
    public let detail: String?
    public let file: String
    public let line: Int

    public init(
        _ code: Code, _ message: String, detail: String? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.detail = detail
        self.file = file
        self.line = line
    }

    /// For `.serverError`: the first word of the server's message, e.g. `WRONGTYPE` or `NOSCRIPT`.
    public var serverErrorPrefix: String? {
        guard code == .serverError else { return nil }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    public var description: String { "Redis \(code.rawValue): \(message)" }

    public var debugDescription: String {
        var text = "RedisError(\(code.rawValue)): \(message)"
        if let detail { text += " [\(detail)]" }
        return text + " at \(file):\(line)"
    }
}

extension RedisError {
    /// An error reply from the server; authentication refusals get their own code.
    static func server(_ message: String, file: String = #fileID, line: Int = #line) -> RedisError {
        let isAuth = message.hasPrefix("NOAUTH") || message.hasPrefix("WRONGPASS")
        return RedisError(isAuth ? .authenticationFailed : .serverError, message, file: file, line: line)
    }

    static func shutdown(file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.shutdown, "the Redis client was shut down", file: file, line: line)
    }
}
