public import Hummingbird
import Logging
public import NIOCore

/// The per-request context of the API: Hummingbird's core storage, the request id the edge assigned, and the
/// client's address as the server sees it (the connection's peer; no forwarding header is trusted).
public struct APIRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The sanitised `X-Request-ID` of this request (echoed, or generated).
    public var requestID: String = ""
    /// The connection's peer (nil when there is no socket, as in router tests).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Bodies larger than this are refused with 413 (SPEC §4: 1 MiB).
    public var maxUploadSize: Int { APISettings.maxBodyBytes }
}
