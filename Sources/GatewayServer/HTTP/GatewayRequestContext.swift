public import Hummingbird
public import NIOCore

/// The per-request context of the gateway's router: Hummingbird's core storage plus the peer address.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's storage (logger, parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer (the caller, or the reverse proxy in front of the gateway).
    public let remoteAddress: SocketAddress?

    /// Creates the context for a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address as text, if known.
    public var sourceIP: String? { remoteAddress?.ipAddress }
}
