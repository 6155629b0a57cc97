import Logging
import NIOCore
import NIOPosix

/// One connection's state, confined to its event loop: requests waiting for the socket, commands
/// written and waiting for their replies (in order), and the connect, handshake and back-off cycle.
final class RedisConnectionCore {
    private enum Phase {
        case idle
        case backingOff(Scheduled<Void>)
        case connecting
        case handshaking(any Channel)
        case ready(any Channel)
        case stopped

        var channel: (any Channel)? {
            switch self {
            case .handshaking(let channel), .ready(let channel): channel
            default: nil
            }
        }
    }

    /// A request being answered: replies fill in by position (a NOSCRIPT retry answers late).
    private final class Answer {
        let request: RedisRequest
        var replies: [RedisReply]
        var missing: Int
        var settled = false

        init(_ request: RedisRequest) {
            self.request = request
            replies = Array(repeating: .null, count: request.commands.count)
            missing = request.commands.count
        }

        func fill(_ slot: Int, _ reply: RedisReply) {
            replies[slot] = reply
            missing -= 1
            if missing == 0, !settled {
                settled = true
                request.succeed(replies)
            }
        }

        func fail(_ error: RedisError) {
            guard !settled else { return }
            settled = true
            request.fail(error)
        }
    }

    /// A command on the wire: whose reply it is (nil for the handshake) and when it was written.
    private struct Awaited {
        let answer: Answer?
        let slot: Int
        let isRetry: Bool
        let sentAt: NIODeadline
    }

    let eventLoop: any EventLoop
    let address: String
    private let configuration: RedisConfiguration
    private var logger: Logger
    private var phase = Phase.idle
    private var shuttingDown = false
    /// Bumped for every channel, so events from a dropped one are ignored.
    private var generation = 0
    private var failedConnects = 0
    private var waiting: [RedisRequest] = []
    private var awaited = CircularBuffer<Awaited>(initialCapacity: 64)
    private var reader: HiredisReader?
    /// Commands encoded since the last flush: one write per loop tick however many callers.
    private var output = ByteBuffer()
    private var outputCommands = 0
    private var flushScheduled = false
    private var timer: Scheduled<Void>?
    private var handshake: [RedisCommand] = []
    private var handshakeReplies: [RedisReply] = []
    private var stopWaiters: [CheckedContinuation<Void, Never>] = []

    init(id: Int, configuration: RedisConfiguration, logger: Logger, eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        address = "\(configuration.host):\(configuration.port)"
        var logger = logger
        logger[metadataKey: RedisLogKey.connection] = "\(id)"
        logger[metadataKey: RedisLogKey.address] = "\(address)"
        self.logger = logger
    }

    // MARK: requests

    func submit(_ request: RedisRequest) {
        guard !shuttingDown else { return request.fail(.shutdown()) }
        guard !request.commands.isEmpty else { return request.succeed([]) }
        switch phase {
        case .ready(let channel):
            write(request, on: channel)
        case .idle:
            waiting.append(request)
            connect()
        case .backingOff, .connecting, .handshaking:
            waiting.append(request)
        case .stopped:
            request.fail(.shutdown())
        }
    }

    private func write(_ request: RedisRequest, on channel: any Channel) {
        let answer = Answer(request)
        let now = NIODeadline.now()
        for (slot, command) in request.commands.enumerated() {
            output.writeBytes(command.resp)
            awaited.append(Awaited(answer: answer, slot: slot, isRetry: false, sentAt: now))
        }
        outputCommands += request.commands.count
        scheduleFlush(channel)
    }

    /// Coalesces the writes of one loop tick; a full batch goes out at once.
    private func scheduleFlush(_ channel: any Channel) {
        if outputCommands >= configuration.maxBatchSize { return flush(channel) }
        guard !flushScheduled else { return }
        flushScheduled = true
        let generation = self.generation
        eventLoop.assumeIsolated().execute {
            self.flushScheduled = false
            guard generation == self.generation, let channel = self.phase.channel else { return }
            self.flush(channel)
        }
    }

    private func flush(_ channel: any Channel) {
        guard outputCommands > 0 else { return }
        var buffer = channel.allocator.buffer(capacity: 0)
        swap(&buffer, &output)
        outputCommands = 0
        channel.writeAndFlush(buffer, promise: nil)
        armTimer()
    }

    // MARK: replies

    func received(_ buffer: ByteBuffer, generation: Int) {
        guard generation == self.generation, let reader else { return }
        do {
            try reader.feed(buffer)
            // `answer` may drop the connection (a stray reply): stop reading this channel then.
            while generation == self.generation, let reply = try reader.next() {
                answer(reply)
            }
        } catch {
            drop(error)
        }
    }

    private func answer(_ reply: RedisReply) {
        guard let head = awaited.popFirst() else {
            return drop(RedisError(.protocolError, "Redis sent a reply nobody asked for", detail: address))
        }
        guard let answer = head.answer else { return handshakeAnswered(reply) }
        // EVALSHA answered NOSCRIPT (after SCRIPT FLUSH or a restart): send it again as EVAL, which
        // also reloads the cache; its reply comes after those already on the wire.
        if !head.isRetry, case .error(let message) = reply, message.hasPrefix("NOSCRIPT"),
            let fallback = answer.request.commands[head.slot].evalFallback(), case .ready(let channel) = phase
        {
            logger.debug("EVALSHA got NOSCRIPT; retrying with EVAL")
            output.writeBytes(fallback.resp)
            awaited.append(Awaited(answer: answer, slot: head.slot, isRetry: true, sentAt: .now()))
            outputCommands += 1
            return scheduleFlush(channel)
        }
        answer.fill(head.slot, reply)
    }

    // MARK: timeouts

    /// One timer for the oldest command on the wire; re-armed for the next one as replies come.
    private func armTimer() {
        guard timer == nil, let limit = configuration.commandTimeout, let head = awaited.first else { return }
        timer = eventLoop.assumeIsolated().scheduleTask(deadline: head.sentAt + Self.amount(limit)) {
            self.timer = nil
            self.checkTimeout()
        }
    }

    private func checkTimeout() {
        guard let limit = configuration.commandTimeout, let head = awaited.first else { return }
        if head.sentAt + Self.amount(limit) <= .now() {
            drop(RedisError(.timeout, "Redis command timed out", detail: address))
        } else {
            armTimer()
        }
    }

    // MARK: connecting

    private func connect() {
        guard failedConnects > 0 else { return openChannel() }
        let exponent = min(failedConnects - 1, 16)
        let delay = min(configuration.reconnectDelay * (1 << exponent), configuration.maxReconnectDelay)
        phase = .backingOff(eventLoop.assumeIsolated().scheduleTask(in: Self.amount(delay)) { self.openChannel() })
    }

    private func openChannel() {
        guard !shuttingDown else { return }
        phase = .connecting
        generation += 1
        let generation = self.generation
        let core = NIOLoopBound(self, eventLoop: eventLoop)
        ClientBootstrap(group: eventLoop)
            .connectTimeout(Self.amount(configuration.connectTimeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RedisChannelHandler(core: core.value, generation: generation))
                }
            }
            .connect(host: configuration.host, port: configuration.port)
            .assumeIsolated()
            .whenComplete { result in self.opened(result, generation: generation) }
    }

    private func opened(_ result: Result<any Channel, any Error>, generation: Int) {
        guard generation == self.generation, !shuttingDown else {
            if case .success(let channel) = result { channel.close(promise: nil) }
            if shuttingDown { stop() }
            return
        }
        phase = .idle
        switch result {
        case .failure(let error):
            connectFailed(RedisError(.connectionFailed, "cannot connect to Redis at \(address)", detail: "\(error)"))
        case .success(let channel):
            do {
                reader = try HiredisReader()
            } catch {
                channel.close(promise: nil)
                return connectFailed(error)
            }
            handshake = handshakeCommands()
            guard !handshake.isEmpty else { return becomeReady(channel) }
            phase = .handshaking(channel)
            handshakeReplies = []
            let now = NIODeadline.now()
            for command in handshake {
                output.writeBytes(command.resp)
                awaited.append(Awaited(answer: nil, slot: 0, isRetry: false, sentAt: now))
            }
            outputCommands += handshake.count
            flush(channel)
        }
    }

    /// AUTH and SELECT, pipelined before anything else.
    private func handshakeCommands() -> [RedisCommand] {
        var commands: [RedisCommand] = []
        if let password = configuration.password {
            if let username = configuration.username {
                commands.append(RedisCommand("AUTH", username, password))
            } else {
                commands.append(RedisCommand("AUTH", password))
            }
        }
        if configuration.database != 0 { commands.append(RedisCommand("SELECT", configuration.database)) }
        return commands
    }

    private func handshakeAnswered(_ reply: RedisReply) {
        handshakeReplies.append(reply)
        guard handshakeReplies.count == handshake.count, case .handshaking(let channel) = phase else { return }
        for (command, reply) in zip(handshake, handshakeReplies) {
            guard case .error(let message) = reply else { continue }
            let error =
                command.name == "AUTH"
                ? RedisError(.authenticationFailed, "Redis rejected the credentials", detail: message)
                : RedisError(.connectionFailed, "Redis rejected SELECT \(configuration.database)", detail: message)
            close(channel)
            return connectFailed(error)
        }
        becomeReady(channel)
    }

    private func becomeReady(_ channel: any Channel) {
        phase = .ready(channel)
        if failedConnects > 0 { logger.info("reconnected to Redis") } else { logger.debug("connected to Redis") }
        failedConnects = 0
        // A full batch flushes inside `write`, and a failed write can drop the channel right there: take
        // each request off `waiting` only while the channel is still ready, so the rest wait for the next one.
        var written = 0
        while written < waiting.count, case .ready(let current) = phase, current === channel {
            write(waiting[written], on: channel)
            written += 1
        }
        waiting.removeFirst(written)
        if !waiting.isEmpty, case .idle = phase, !shuttingDown { connect() }
    }

    /// A connect (or its handshake) failed: what waited for it fails with the reason; the next request retries after a back-off.
    private func connectFailed(_ error: RedisError) {
        failedConnects += 1
        logger.warning(
            "cannot connect to Redis", metadata: [RedisLogKey.error: "\(error.debugDescription)", RedisLogKey.attempt: "\(failedConnects)"])
        let queued = waiting
        waiting = []
        for request in queued { request.fail(error) }
    }

    // MARK: losing the connection

    func lost(_ error: RedisError, generation: Int) {
        guard generation == self.generation else { return }
        drop(error)
    }

    /// After an I/O or protocol error the channel's state is unknown: close it and fail what was on
    /// the wire; waiting requests go on a new connection.
    private func drop(_ error: RedisError) {
        guard let channel = phase.channel else { return }
        let wasHandshaking = if case .handshaking = phase { true } else { false }
        if !shuttingDown { logger.warning("Redis connection dropped", metadata: [RedisLogKey.error: "\(error.debugDescription)"]) }
        close(channel)
        let reported = shuttingDown ? RedisError.shutdown() : error
        while let lost = awaited.popFirst() { lost.answer?.fail(reported) }
        if wasHandshaking, !shuttingDown {
            connectFailed(RedisError(.connectionFailed, "Redis handshake failed", detail: error.debugDescription))
        } else if !waiting.isEmpty, !shuttingDown {
            connect()
        }
    }

    /// Forgets `channel` (later events from it are ignored) and closes it.
    private func close(_ channel: any Channel) {
        generation += 1
        phase = .idle
        reader = nil
        output.clear()
        outputCommands = 0
        flushScheduled = false
        timer?.cancel()
        timer = nil
        channel.close(promise: nil)
    }

    // MARK: shutdown

    /// Stops taking work, fails what is queued or on the wire, and closes the socket.
    func shutdown() {
        guard !shuttingDown else { return }
        shuttingDown = true
        let queued = waiting
        waiting = []
        for request in queued { request.fail(.shutdown()) }
        switch phase {
        case .ready(let channel), .handshaking(let channel):
            drop(.shutdown())
            channel.closeFuture.assumeIsolated().whenComplete { _ in self.stop() }
        case .backingOff(let scheduled):
            scheduled.cancel()
            stop()
        case .connecting:
            break  // `opened` closes the new channel and stops
        case .idle, .stopped:
            stop()
        }
    }

    private func stop() {
        phase = .stopped
        let waiters = stopWaiters
        stopWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Resumes `waiter` once the connection has stopped (at once if it has).
    func whenStopped(_ waiter: CheckedContinuation<Void, Never>) {
        if case .stopped = phase { return waiter.resume() }
        stopWaiters.append(waiter)
    }

    private static func amount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
