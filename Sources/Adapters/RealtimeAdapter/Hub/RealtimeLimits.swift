/// The built-in server's limits (SPEC §16).
public struct RealtimeLimits: Sendable {
    /// Sockets per instance (`realtime.max_connections`); over it a socket is closed with 4100.
    public var maxConnections: Int = 10_000
    /// Bytes that may wait for one socket before it is disconnected as a slow consumer.
    public var outboundBufferBytes: Int = 1 << 20
    /// The largest message a client may send (Pusher's 10 KB).
    public var maxClientMessageBytes: Int = 10_240
    /// Channels one socket may be subscribed to at once.
    public var maxSubscriptionsPerSocket: Int = 100
    /// Seconds of silence after which the server pings a client (`activity_timeout`).
    public var activityTimeoutSeconds: Int = 120
    /// Seconds a pinged client has to answer before it is closed with 4201.
    public var pongTimeoutSeconds: Int = 30

    public init() {}
}
