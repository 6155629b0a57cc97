import NIOCore

/// One HTTP/1.1 response as the load generator needs it: the status, `Retry-After`, whether the server
/// closes, and the body. Only `Content-Length` bodies (the gate never chunks its JSON answers).
struct WireResponse {
    var status: Int
    var retryAfterSeconds: Int?
    var closes: Bool
    var body: [UInt8]

    enum Failure: Error, Equatable {
        case malformed(String)
    }

    /// Takes one complete response off the front of `buffer`; nil when more bytes are needed.
    static func take(from buffer: inout ByteBuffer) throws(Failure) -> WireResponse? {
        let view = buffer.readableBytesView
        guard let headEnd = Self.headEnd(view) else {
            if view.count > 16_384 { throw .malformed("response head over 16 KiB") }
            return nil
        }
        let head = Array(view[view.startIndex..<headEnd])
        var lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        guard !lines.isEmpty else { throw .malformed("empty head") }
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)), let status = Int(ascii: parts[1]) else {
            throw .malformed("status line '\(String(decoding: statusLine, as: UTF8.self))'")
        }
        var length = 0
        var retryAfter: Int?
        var closes = false
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformed("header without a colon") }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            let value = line[(colon + 1)...].drop { $0 == UInt8(ascii: " ") }
            switch name {
            case "content-length":
                guard let n = Int(ascii: value), n >= 0 else { throw .malformed("content-length") }
                length = n
            case "retry-after": retryAfter = Int(ascii: value)
            case "connection": closes = String(decoding: value, as: UTF8.self).lowercased() == "close"
            case "transfer-encoding": throw .malformed("chunked bodies are not expected from the gate")
            default: break
            }
        }
        let bodyStart = headEnd + 4
        guard view.endIndex - bodyStart >= length else { return nil }
        let body = Array(view[bodyStart..<(bodyStart + length)])
        buffer.moveReaderIndex(forwardBy: bodyStart - view.startIndex + length)
        return WireResponse(status: status, retryAfterSeconds: retryAfter, closes: closes, body: body)
    }

    /// The index of the blank line's CR LF CR LF, if the head is complete.
    static func headEnd(_ view: ByteBufferView) -> Int? {
        var i = view.startIndex
        while i + 3 < view.endIndex {
            if view[i] == 13, view[i + 1] == 10, view[i + 2] == 13, view[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }
}

extension Int {
    /// Parses ASCII digits (no sign, no spaces); nil on anything else.
    init?(ascii digits: some Collection<UInt8>) {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for d in digits {
            guard d >= 48, d <= 57 else { return nil }
            value = value * 10 + Int(d - 48)
        }
        self = value
    }
}
