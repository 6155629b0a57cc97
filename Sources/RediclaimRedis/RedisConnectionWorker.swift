import Glibc
import Logging

/// The loop on a connection's I/O thread: takes queued requests, writes them all, reads the
/// replies in order and resumes each caller. Owns the hiredis context; never shared.
final class RedisConnectionWorker {
    private let connection: RedisConnection
    private let configuration: RedisConfiguration
    private var logger: Logger
    private var context: HiredisContext?
    private var failedConnects = 0

    init(connection: RedisConnection) {
        self.connection = connection
        self.configuration = connection.configuration
        self.logger = connection.logger
        logger[metadataKey: RedisLogKey.address] = "\(configuration.host):\(configuration.port)"
    }

    func run() {
        Self.blockSIGPIPE()
        while let batch = connection.nextBatch() {
            process(batch)
        }
        disconnect()
        connection.workerStopped()
    }

    /// A write to a socket the server closed raises SIGPIPE; blocking it on this thread turns
    /// that into an EPIPE error without touching the process-wide signal disposition.
    private static func blockSIGPIPE() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }

    /// Splits the batch into groups of about `maxBatchSize` commands (a request is never split).
    private func process(_ requests: [RedisRequest]) {
        var start = 0
        while start < requests.count {
            var end = start + 1
            var count = requests[start].commands.count
            while end < requests.count, count + requests[end].commands.count <= configuration.maxBatchSize {
                count += requests[end].commands.count
                end += 1
            }
            if connection.isShuttingDown {
                for request in requests[start...] { request.fail(.shutdown()) }
                return
            }
            execute(requests[start..<end], commandCount: count)
            start = end
        }
    }

    private func execute(_ group: ArraySlice<RedisRequest>, commandCount: Int) {
        let context: HiredisContext
        do {
            context = try connected()
        } catch {
            for request in group { request.fail(error) }
            return
        }

        var commands: [RedisCommand]
        if group.count == 1 {
            commands = group[group.startIndex].commands
        } else {
            commands = []
            commands.reserveCapacity(commandCount)
            for request in group { commands.append(contentsOf: request.commands) }
        }

        var (replies, failure) = roundTrip(commands, on: context)
        var failedIndices: Set<Int> = []
        if failure == nil {
            (failure, failedIndices) = retryMissingScripts(commands, replies: &replies, on: context)
        }
        if let error = failure {
            drop(after: error)
        }

        var offset = 0
        for request in group {
            let range = offset..<offset + request.commands.count
            offset = range.upperBound
            if range.upperBound <= replies.count, !range.contains(where: failedIndices.contains) {
                request.succeed(Array(replies[range]))
            } else {
                request.fail(reported(failure ?? RedisError(.connectionLost, "no reply")))
            }
        }
    }

    /// Appends every command, then reads one reply each; stops at the first connection error.
    private func roundTrip(_ commands: [RedisCommand], on context: HiredisContext) -> ([RedisReply], RedisError?) {
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        do {
            for command in commands { try context.append(command) }
            for _ in commands { replies.append(try context.readReply()) }
            return (replies, nil)
        } catch {
            return (replies, error)
        }
    }

    /// EVALSHA answered NOSCRIPT (e.g. after SCRIPT FLUSH or a restart): re-run those commands
    /// with EVAL, which also reloads the cache. They run after the rest of their batch.
    private func retryMissingScripts(
        _ commands: [RedisCommand], replies: inout [RedisReply], on context: HiredisContext
    ) -> (RedisError?, Set<Int>) {
        var indices: [Int] = []
        var retries: [RedisCommand] = []
        for (index, reply) in replies.enumerated() {
            guard case .error(let message) = reply, message.hasPrefix("NOSCRIPT"),
                let fallback = commands[index].evalFallback()
            else { continue }
            indices.append(index)
            retries.append(fallback)
        }
        guard !retries.isEmpty else { return (nil, []) }
        logger.debug("EVALSHA got NOSCRIPT; retrying with EVAL", metadata: [RedisLogKey.scripts: "\(retries.count)"])

        let (retried, failure) = roundTrip(retries, on: context)
        for (position, reply) in retried.enumerated() { replies[indices[position]] = reply }
        return (failure, Set(indices[retried.count...]))
    }

    /// The live context, connecting (with back-off after failures) and authenticating if needed.
    private func connected() throws(RedisError) -> HiredisContext {
        if let context { return context }
        if failedConnects > 0 {
            let exponent = min(failedConnects - 1, 16)
            connection.backOff(min(configuration.reconnectDelay * (1 << exponent), configuration.maxReconnectDelay))
            if connection.isShuttingDown { throw .shutdown() }
        }
        do {
            let context = try HiredisContext(
                host: configuration.host, port: configuration.port,
                connectTimeout: configuration.connectTimeout, commandTimeout: configuration.commandTimeout)
            try handshake(context)
            self.context = context
            connection.setSocket(context.fileDescriptor)
            if failedConnects > 0 { logger.info("reconnected to Redis") } else { logger.debug("connected to Redis") }
            failedConnects = 0
            return context
        } catch {
            failedConnects += 1
            logger.warning(
                "cannot connect to Redis",
                metadata: [RedisLogKey.error: "\(error.debugDescription)", RedisLogKey.attempt: "\(failedConnects)"])
            throw error
        }
    }

    /// AUTH and SELECT, pipelined; a refusal fails the connect with a clear code.
    private func handshake(_ context: HiredisContext) throws(RedisError) {
        var commands: [RedisCommand] = []
        if let password = configuration.password {
            if let username = configuration.username {
                commands.append(RedisCommand("AUTH", username, password))
            } else {
                commands.append(RedisCommand("AUTH", password))
            }
        }
        if configuration.database != 0 { commands.append(RedisCommand("SELECT", configuration.database)) }
        guard !commands.isEmpty else { return }

        let (replies, failure) = roundTrip(commands, on: context)
        if let failure { throw RedisError(.connectionFailed, "Redis handshake failed", detail: failure.debugDescription) }
        for (command, reply) in zip(commands, replies) {
            guard case .error(let message) = reply else { continue }
            if command.name == "AUTH" {
                throw RedisError(.authenticationFailed, "Redis rejected the credentials", detail: message)
            }
            throw RedisError(.connectionFailed, "Redis rejected SELECT \(configuration.database)", detail: message)
        }
    }

    /// After an I/O error the context's state is unknown: close it; the next group reconnects.
    private func drop(after error: RedisError) {
        guard context != nil else { return }
        if !connection.isShuttingDown {
            logger.warning("Redis connection dropped", metadata: [RedisLogKey.error: "\(error.debugDescription)"])
        }
        disconnect()
    }

    private func disconnect() {
        connection.setSocket(nil)  // unpublish before the fd is closed and its number reused
        context = nil
    }

    /// An interrupted read during shutdown is reported as shutdown, not as a lost connection.
    private func reported(_ error: RedisError) -> RedisError {
        connection.isShuttingDown && error.code == .connectionLost ? .shutdown() : error
    }
}
