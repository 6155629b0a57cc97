/// Commands from one `send` or `pipeline` call, and the continuation waiting for their replies.
struct RedisRequest: Sendable {
    // Unsafe (not Checked): the hot path; every request is resumed exactly once, by the worker
    // (succeed or fail) or by submit/shutdown (fail), never both.
    typealias Continuation = UnsafeContinuation<Result<[RedisReply], RedisError>, Never>

    let commands: [RedisCommand]
    let continuation: Continuation

    func succeed(_ replies: [RedisReply]) { continuation.resume(returning: .success(replies)) }
    func fail(_ error: RedisError) { continuation.resume(returning: .failure(error)) }
}
