internal import CHiredis
import Glibc

/// Owns one blocking hiredis context; only its connection's I/O thread touches it.
final class HiredisContext {
    private let context: UnsafeMutablePointer<redisContext>
    private let address: String

    /// Connects (blocking, bounded by `connectTimeout`); call only on an I/O thread.
    init(host: String, port: Int, connectTimeout: Duration, commandTimeout: Duration?) throws(RedisError) {
        address = "\(host):\(port)"
        guard let context = redisConnectWithTimeout(host, Int32(port), Self.timeval(connectTimeout)) else {
            throw RedisError(.outOfMemory, "cannot allocate a Redis connection", detail: address)
        }
        if context.pointee.err != 0 {
            let detail = Self.errorText(context)
            redisFree(context)
            throw RedisError(.connectionFailed, "cannot connect to Redis at \(address)", detail: detail)
        }
        // Always set: a zero timeval clears any limit left from connecting (nil = wait forever).
        // Keep-alive lets a silent dead peer surface as an error even without a command timeout.
        if redisSetTimeout(context, Self.timeval(commandTimeout ?? .zero)) != REDIS_OK
            || redisEnableKeepAlive(context) != REDIS_OK
        {
            let detail = Self.errorText(context)
            redisFree(context)
            throw RedisError(.connectionFailed, "cannot configure the Redis socket", detail: detail)
        }
        self.context = context
    }

    deinit {
        redisFree(context)
    }

    /// The socket, so another thread can interrupt a blocked read with `shutdown(2)`.
    var fileDescriptor: Int32 { context.pointee.fd }

    /// Adds an already RESP-encoded command to hiredis' output buffer; nothing is written until
    /// `readReply`. (Measured faster than `redisAppendCommandArgv`, which re-formats every argument.)
    func append(_ command: RedisCommand) throws(RedisError) {
        let status = command.resp.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { redisAppendFormattedCommand(context, $0.baseAddress, $0.count) }
        }
        guard status == REDIS_OK else { throw error() }
    }

    /// Flushes pending output if needed, then blocks until the next reply (or the socket timeout).
    func readReply() throws(RedisError) -> RedisReply {
        var raw: UnsafeMutableRawPointer?
        guard redisGetReply(context, &raw) == REDIS_OK else { throw error() }
        guard let raw else { throw RedisError(.protocolError, "hiredis returned no reply", detail: address) }
        defer { freeReplyObject(raw) }
        return RedisReply(hiredis: raw.assumingMemoryBound(to: redisReply.self))
    }

    /// Maps hiredis' error code (and errno for I/O errors) to a `RedisError`; read errno first.
    private func error() -> RedisError {
        let savedErrno = errno
        let detail = "\(Self.errorText(context)) (\(address))"
        switch context.pointee.err {
        case REDIS_ERR_IO where savedErrno == EAGAIN || savedErrno == EWOULDBLOCK || savedErrno == ETIMEDOUT:
            return RedisError(.timeout, "Redis command timed out", detail: detail)
        case REDIS_ERR_PROTOCOL:
            return RedisError(.protocolError, "Redis sent an invalid reply", detail: detail)
        case REDIS_ERR_OOM:
            return RedisError(.outOfMemory, "out of memory in hiredis", detail: detail)
        default:  // REDIS_ERR_IO, REDIS_ERR_EOF, REDIS_ERR_OTHER: the socket is gone
            return RedisError(.connectionLost, "connection to Redis lost", detail: detail)
        }
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }

    private static func timeval(_ duration: Duration) -> Glibc.timeval {
        let (seconds, attoseconds) = duration.components
        return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
