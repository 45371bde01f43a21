public import HummingbirdCore
import Logging
import NIOCore
import NIOWebSocket

/// The built-in Pusher Channels protocol 7 server: upgrades `GET /app/{key}?protocol=7` on coursed's own port to a
/// socket served by a ``PusherSocketHandler`` on the connection's event loop; every other request stays plain HTTP.
public struct PusherWebSocketServer: Sendable {
    let hub: RealtimeHub
    let credentials: PusherCredentials
    let presence: PresenceDirectory?

    /// `presence` adds other instances' members to a presence subscription's roster.
    public init(hub: RealtimeHub, credentials: PusherCredentials, presence: PresenceDirectory? = nil) {
        self.hub = hub
        self.credentials = credentials
        self.presence = presence
    }

    /// coursed's server: HTTP/1 with this upgrade to Pusher sockets, each connection reading into small buffers.
    public var serverBuilder: HTTPServerBuilder { serverBuilder(http1: .init()) }

    /// ``serverBuilder`` with `http1`'s settings (and extra handlers) on the connections that are not upgraded, and a
    /// connection closed when its first request's head has not arrived within `firstRequestTimeout` (the handlers
    /// that time out idle connections join the pipeline only with that head).
    public func serverBuilder(http1: HTTP1Channel.Configuration, firstRequestTimeout: Duration? = nil)
        -> HTTPServerBuilder
    {
        let server = self
        let timeout = firstRequestTimeout.map { TimeAmount($0) }
        return HTTPServerBuilder { responder in
            SmallReadBufferChildChannel(
                PusherUpgradeChildChannel(
                    responder: responder, server: server, http1: http1, firstRequestTimeout: timeout))
        }
    }

    /// How long a client has to answer the server's close frame before its connection is dropped.
    static let closeTimeout = Duration.seconds(5)

    /// The largest WebSocket frame read: Pusher's 10 KB message limit, enforced by NIO's frame decoder (a bigger
    /// frame is answered with close code 1009 by NIO's protocol error handler; fragments are joined up to the same
    /// limit by the aggregator).
    var maxFrameSize: Int { hub.limits.maxClientMessageBytes }

    /// Adds the handlers of an upgraded Pusher socket to `channel`'s pipeline (on its event loop).
    func addSocketHandlers(to channel: any Channel, target: PusherConnectTarget, logger: Logger) throws {
        let session = PusherSocketSession(
            hub: hub, credentials: credentials, target: target, presence: presence,
            writer: PusherChannelWriter(channel: channel), logger: logger)
        // Fragmented messages are joined, up to the message limit, before the socket handler reads them.
        try channel.pipeline.syncOperations.addHandlers(
            NIOWebSocketFrameAggregator(
                minNonFinalFragmentSize: 1, maxAccumulatedFrameCount: 64,
                maxAccumulatedFrameSize: hub.limits.maxClientMessageBytes),
            PusherSocketHandler(session: session))
    }
}

/// What the connect URL `/app/{key}?protocol=7&client=...` names.
struct PusherConnectTarget: Equatable, Sendable {
    var key: String
    var protocolVersion: Int?

    init?(path: String) {
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let route = parts[0]
        guard route.hasPrefix("/app/") else { return nil }
        let key = route.dropFirst("/app/".count)
        guard !key.isEmpty, !key.contains("/") else { return nil }
        self.key = String(key)
        protocolVersion = nil
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") where pair.hasPrefix("protocol=") {
                protocolVersion = Int(pair.dropFirst("protocol=".count))
            }
        }
    }
}
