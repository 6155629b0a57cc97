import NIOCore

/// One keep-alive connection to the gate, one request at a time; its loop's shard owns it and touches it
/// only on that loop (hence `@unchecked Sendable`, for NIO's callbacks).
final class GateConnection: @unchecked Sendable {
    var channel: Channel?
    var inFlight: PendingRequest?
    var connecting = false

    init() {}
}

/// Reads responses off a connection and hands each to the shard.
final class GateResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let shard: LoadShard
    let connection: GateConnection
    var buffer: ByteBuffer?

    init(shard: LoadShard, connection: GateConnection) {
        self.shard = shard
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if buffer == nil { buffer = incoming } else { buffer!.writeBuffer(&incoming) }
        do {
            while var current = buffer, let response = try WireResponse.take(from: &current) {
                buffer = current
                shard.answered(connection, response)
            }
        } catch {
            shard.connectionFailed(connection, reason: "\(error)")
            context.close(promise: nil)
        }
        if buffer?.readableBytes == 0 { buffer = nil }
    }

    func channelInactive(context: ChannelHandlerContext) {
        shard.connectionFailed(connection, reason: "closed")
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
