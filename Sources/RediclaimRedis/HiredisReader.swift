internal import CHiredis
import NIOCore

/// hiredis's RESP parser (`redisReader`) fed with the bytes a connection's channel reads.
/// Confined to that connection's event loop, like the connection's other state.
final class HiredisReader {
    private let reader: UnsafeMutablePointer<redisReader>

    init() throws(RedisError) {
        guard let reader = redisReaderCreate() else { throw RedisError(.outOfMemory, "cannot create a RESP reader") }
        self.reader = reader
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Appends bytes read off the socket; replies are taken with `next()`.
    func feed(_ buffer: ByteBuffer) throws(RedisError) {
        let status = buffer.withUnsafeReadableBytes { raw in
            redisReaderFeed(reader, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
        }
        guard status == REDIS_OK else { throw invalid() }
    }

    /// The next complete reply, or nil until more bytes arrive.
    func next() throws(RedisError) -> RedisReply? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else { throw invalid() }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return RedisReply(hiredis: raw.assumingMemoryBound(to: redisReply.self))
    }

    private func invalid() -> RedisError {
        let detail = withUnsafeBytes(of: reader.pointee.errstr) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return RedisError(.protocolError, "Redis sent an invalid reply", detail: detail)
    }
}
