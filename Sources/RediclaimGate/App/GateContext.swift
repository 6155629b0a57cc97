import Hummingbird
import Logging
import NIOCore

/// Per-request context: Hummingbird's core context plus the peer's address (limits, trusted proxies).
public struct GateContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by `ObservabilityMiddleware`; echoed as `X-Request-Id` and put on log lines.
    public var requestId: String = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The socket peer's address bytes (4 or 16).
    var peer: [UInt8]? { remoteAddress.flatMap(CIDR.bytes(of:)) }
}
