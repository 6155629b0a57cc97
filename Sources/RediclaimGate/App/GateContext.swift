import Hummingbird
import Logging
import NIOCore

/// Per-request context: Hummingbird's core context plus the client's address for per-IP limits.
public struct GateContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by `RequestIdMiddleware`; echoed as `X-Request-Id` and put on log lines.
    public var requestId: String = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client IP as a rate-limit key.
    var clientKey: String {
        guard let remoteAddress else { return "unknown" }
        return remoteAddress.ipAddress ?? "unknown"
    }
}
