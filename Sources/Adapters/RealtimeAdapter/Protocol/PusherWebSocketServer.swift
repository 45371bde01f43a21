public import HTTPTypes
public import HummingbirdCore
public import HummingbirdWebSocket
public import Logging
public import NIOCore

/// The built-in Pusher Channels protocol 7 server: upgrades `GET /app/{key}?protocol=7` on coursed's own port and
/// runs one ``PusherSocketSession`` per socket; every other request stays plain HTTP.
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

    /// The WebSocket settings: frames a little over Pusher's 10 KB message limit, WebSocket-level pings off
    /// (Pusher pings in its own protocol).
    public var configuration: WebSocketServerConfiguration {
        WebSocketServerConfiguration(
            maxFrameSize: hub.limits.maxClientMessageBytes + 1024, autoPing: .disabled, closeTimeout: Self.closeTimeout)
    }

    /// coursed's server: HTTP/1 with this upgrade to Pusher sockets, each connection reading into small buffers.
    public var serverBuilder: HTTPServerBuilder {
        let server = self
        return HTTPServerBuilder { responder in
            SmallReadBufferChildChannel(
                HTTP1WebSocketUpgradeChannel(
                    responder: responder, configuration: .init(ws: server.configuration),
                    shouldUpgrade: { request, channel, logger in
                        server.shouldUpgrade(request, channel: channel, logger: logger)
                    }))
        }
    }

    /// How long a client has to answer the server's close frame before its connection is dropped.
    static let closeTimeout = Duration.seconds(5)

    /// Decides whether a request becomes a Pusher socket (for `.http1WebSocketUpgrade(shouldUpgrade:)`).
    public func shouldUpgrade(_ request: HTTPRequest, channel: any Channel, logger: Logger)
        -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>
    {
        guard let target = PusherConnectTarget(path: request.path ?? "") else { return .dontUpgrade }
        let session = PusherSocketSession(
            hub: hub, credentials: credentials, target: target, presence: presence, channel: channel, logger: logger)
        return .upgrade([:]) { inbound, outbound, _ in
            await session.run(inbound: inbound, outbound: outbound)
        }
    }
}

/// What the connect URL `/app/{key}?protocol=7&client=...` names.
struct PusherConnectTarget: Equatable {
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
