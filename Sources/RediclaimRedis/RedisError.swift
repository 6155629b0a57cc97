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
        /// Redis Cluster: the keys of one command (or script call) hash to different slots, so no
        /// single node can run it. A programming error: give the keys one hash tag.
        case crossSlot
    }

    public let code: Code
    /// Safe to show: never the password, never the server's own text (which can echo keys and values).
    public let message: String
    /// The underlying detail (hiredis error text, errno, address), for logs.
    public let detail: String?
    /// For `.serverError` and `.authenticationFailed`: the server's reply text, for logs only.
    public let serverMessage: String?
    public let file: String
    public let line: Int

    public init(
        _ code: Code, _ message: String, detail: String? = nil, serverMessage: String? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.detail = detail
        self.serverMessage = serverMessage
        self.file = file
        self.line = line
    }

    /// For `.serverError`: the first word of the server's message, e.g. `WRONGTYPE` or `NOSCRIPT`.
    public var serverErrorPrefix: String? {
        guard code == .serverError else { return nil }
        return serverMessage?.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    /// Redis cannot take commands right now but will: it is unreachable, still loading, out of memory,
    /// read-only (a replica, or during a failover), busy with a script, or its cluster is reconfiguring.
    public var isUnavailable: Bool {
        switch code {
        case .connectionFailed, .connectionLost, .timeout, .shutdown: return true
        case .serverError:
            // MOVED and ASK reach callers only once the cluster kept redirecting past `maxRedirects`.
            let refusals: Set<String> = [
                "LOADING", "OOM", "READONLY", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS", "MISCONF", "MOVED", "ASK",
            ]
            return serverErrorPrefix.map(refusals.contains) ?? false
        default: return false
        }
    }

    public var description: String { "Redis \(code.rawValue): \(message)" }

    public var debugDescription: String {
        var text = "RedisError(\(code.rawValue)): \(message)"
        if let serverMessage { text += " server=\"\(serverMessage)\"" }
        if let detail { text += " [\(detail)]" }
        return text + " at \(file):\(line)"
    }
}

extension RedisError {
    /// An error reply from the server; authentication refusals get their own code.
    /// An error reply; the safe message names only its first word (`WRONGTYPE`, `OOM`, ...).
    public static func server(_ text: String, file: String = #fileID, line: Int = #line) -> RedisError {
        let prefix = text.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        let isAuth = prefix == "NOAUTH" || prefix == "WRONGPASS"
        let safe = prefix.allSatisfy { $0.isUppercase || $0 == "_" } && !prefix.isEmpty ? prefix : "ERR"
        return RedisError(
            isAuth ? .authenticationFailed : .serverError,
            isAuth ? "Redis refused the password (\(safe))" : "Redis answered an error (\(safe))",
            serverMessage: text, file: file, line: line)
    }

    static func shutdown(file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.shutdown, "the Redis client was shut down", file: file, line: line)
    }
}
