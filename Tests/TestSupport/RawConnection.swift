#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A raw TCP connection to a loopback server, for what an HTTP client library would never send: slow
/// headers, half bodies, huge headers, malformed request lines. The socket calls block, so every one runs
/// on a Dispatch thread: blocking the cooperative pool would also stall the server under test.
public final class RawConnection: @unchecked Sendable {
    private var fd: Int32

    public static func open(port: Int, timeout: Duration = .seconds(5)) async throws -> RawConnection {
        try await offPool { try RawConnection(port: port, timeout: timeout) }
    }

    /// Runs a blocking call on a Dispatch thread.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }

    /// Sends bytes; false when the peer has closed the connection.
    @discardableResult
    public func send(_ text: String) async -> Bool { await Self.offPool { self.sendNow(Array(text.utf8)) } }

    /// What arrives until the peer closes, the timeout passes or one whole response is in.
    public func read(limit: Int = 1 << 20) async -> (text: String, closed: Bool) { await Self.offPool { self.readNow(limit: limit) } }

    /// Whether the peer has closed the connection, waiting up to `within`.
    public func waitForClose(within: Duration) async -> Bool { await Self.offPool { self.waitForCloseNow(within: within) } }

    init(port: Int, timeout: Duration = .seconds(5)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawConnectionError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            throw RawConnectionError("connect to \(port) failed: errno \(errno)")
        }
        setTimeout(timeout)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// How long `read` waits for bytes before giving up.
    public func setTimeout(_ timeout: Duration) {
        var value = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    func sendNow(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    func readNow(limit: Int) -> (text: String, closed: Bool) {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while out.count < limit {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return (String(decoding: out, as: UTF8.self), true) }
            if n < 0 {
                // ECONNRESET counts as closed; a timeout just ends the read.
                return (String(decoding: out, as: UTF8.self), errno == ECONNRESET)
            }
            out += buffer[0..<n]
            if let text = String(validating: out, as: UTF8.self), Self.isComplete(text) { return (text, false) }
        }
        return (String(decoding: out, as: UTF8.self), false)
    }

    func waitForCloseNow(within: Duration) -> Bool {
        setTimeout(within)
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, 0)
        return n == 0 || (n < 0 && errno == ECONNRESET)
    }

    public func shutdown() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    /// One whole response: headers and, if announced, a body of that length.
    static func isComplete(_ text: String) -> Bool {
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        guard let length = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") })
            .flatMap({ Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) })
        else { return true }
        return text.utf8.count - text[..<end.upperBound].utf8.count >= length
    }

    /// The status code of a response's first line.
    public static func status(_ text: String) -> Int? {
        let parts = text.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return nil }
        return Int(parts[1])
    }
}

public struct RawConnectionError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
