/// Commands from one `send` or `pipeline` call, and the continuation waiting for their replies.
struct RedisRequest: Sendable {
    typealias Continuation = CheckedContinuation<Result<[RedisReply], RedisError>, Never>

    let commands: [RedisCommand]
    let continuation: Continuation

    func succeed(_ replies: [RedisReply]) { continuation.resume(returning: .success(replies)) }
    func fail(_ error: RedisError) { continuation.resume(returning: .failure(error)) }
}
