import NIOCore
import NIOHTTPTypes

/// Cuts off slow clients: a new connection's first request headers must arrive within `requestTimeout`,
/// the next request's headers within `idleTimeout` of the previous answer (keep-alive), and once headers
/// are in, the body within `requestTimeout`. A slowloris client (a byte every few seconds) keeps a
/// connection busy but never finishes a request, so an idle timeout alone would never close it.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let requestTimeout: TimeAmount
    let idleTimeout: TimeAmount
    let onTimeout: @Sendable () -> Void
    /// When the current phase must be over; nil while a handler runs (no limit).
    private var deadline: NIODeadline?
    /// One timer per connection, re-armed lazily: moving the deadline costs no scheduling unless
    /// it moves earlier than the timer, so a keep-alive request schedules nothing most of the time.
    private var timer: Scheduled<Void>?
    private var timerAt: NIODeadline?

    init(requestTimeout: TimeAmount, idleTimeout: TimeAmount, onTimeout: @escaping @Sendable () -> Void) {
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.onTimeout = onTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, requestTimeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, requestTimeout)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { stop() }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: arm(context, requestTimeout)  // the headers made it; now the body has its own time
        case .body: break
        case .end: disarm()  // a whole request: the handler has as long as it needs
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { arm(context, idleTimeout) }  // keep-alive: the next request's clock
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, _ timeout: TimeAmount) {
        let at = NIODeadline.now() + timeout
        deadline = at
        if let timerAt, timerAt <= at { return }  // the timer fires first and re-checks
        schedule(context, at)
    }

    /// No limit until the next `arm`; the timer, if any, finds no deadline and lapses.
    private func disarm() {
        deadline = nil
    }

    private func schedule(_ context: ChannelHandlerContext, _ at: NIODeadline) {
        timer?.cancel()
        timerAt = at
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { self.fired(context) }
    }

    private func fired(_ context: ChannelHandlerContext) {
        timer = nil
        timerAt = nil
        guard let deadline else { return }
        if deadline <= .now() {
            self.deadline = nil
            onTimeout()
            context.channel.close(promise: nil)
        } else {
            schedule(context, deadline)
        }
    }

    private func stop() {
        deadline = nil
        timer?.cancel()
        timer = nil
        timerAt = nil
    }
}
