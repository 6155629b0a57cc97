import NIOCore

/// The connection's channel handler: hands every read to the connection's state, which parses it
/// with hiredis, and reports the channel's end. Knows its channel's generation, so a late event
/// from a channel the connection already dropped is ignored.
final class RedisChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let core: RedisConnectionCore
    private let generation: Int

    init(core: RedisConnectionCore, generation: Int) {
        self.core = core
        self.generation = generation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        core.received(unwrapInboundIn(data), generation: generation)
    }

    func channelInactive(context: ChannelHandlerContext) {
        core.lost(RedisError(.connectionLost, "connection to Redis lost", detail: core.address), generation: generation)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        core.lost(RedisError(.connectionLost, "connection to Redis lost", detail: "\(error) (\(core.address))"), generation: generation)
        context.close(promise: nil)
    }
}
