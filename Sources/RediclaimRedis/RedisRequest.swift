/// Commands from one `send` or `pipeline` call, and the continuation waiting for their replies.
struct RedisRequest: Sendable {
    // Unsafe (not Checked): the hot path; every request is resumed exactly once, by its connection
    // (an answer's `settled` flag guards every path: replies, a drop, a failed connect, shutdown).
    typealias Continuation = UnsafeContinuation<Result<[RedisReply], RedisError>, Never>

    let commands: [RedisCommand]
    let continuation: Continuation

    func succeed(_ replies: [RedisReply]) { continuation.resume(returning: .success(replies)) }
    func fail(_ error: RedisError) { continuation.resume(returning: .failure(error)) }
}
