import Logging
import NIOCore

/// One Redis connection on a NIO event loop (auto-pipelining): requests are written as they come,
/// whatever arrives in one loop tick goes out in one write, and replies are parsed by hiredis on
/// the same loop. A caller already on that loop (a gate request handler) never changes thread.
final class RedisConnection: Sendable {
    let id: Int
    let eventLoop: any EventLoop
    private let core: NIOLoopBoundBox<RedisConnectionCore>

    /// No side effects: the socket opens on first use.
    init(id: Int, configuration: RedisConfiguration, logger: Logger, eventLoop: any EventLoop) {
        self.id = id
        self.eventLoop = eventLoop
        core = .makeBoxSendingValue(
            RedisConnectionCore(id: id, configuration: configuration, logger: logger, eventLoop: eventLoop), eventLoop: eventLoop)
    }

    /// Queues a request; it is resumed on this connection's event loop.
    func submit(_ request: RedisRequest) {
        if eventLoop.inEventLoop {
            core.value.submit(request)
        } else {
            eventLoop.execute { self.core.value.submit(request) }
        }
    }

    /// Stops accepting work, fails what is queued or on the wire, and closes the socket.
    func beginShutdown() {
        eventLoop.execute { self.core.value.shutdown() }
    }

    /// Suspends until the socket is closed (or at once if it never opened).
    func waitUntilStopped() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            eventLoop.execute { self.core.value.whenStopped(waiter) }
        }
    }
}
