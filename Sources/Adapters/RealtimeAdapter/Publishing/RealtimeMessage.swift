/// One event on one channel, as every delivery path carries it (sockets, other instances, SSE history).
public struct RealtimeMessage: Sendable, Equatable {
    public var channel: String
    public var event: String
    /// The event's data as JSON text (Pusher's `data` string).
    public var data: String
    /// A Pusher `socket_id` that must not receive it.
    public var excludingSocket: String?

    public init(channel: String, event: String, data: String, excludingSocket: String? = nil) {
        self.channel = channel
        self.event = event
        self.data = data
        self.excludingSocket = excludingSocket
    }
}

/// Where published events go: this instance's sockets, and whatever else the mode adds (other instances, SSE).
public protocol RealtimeBroadcaster: Sendable {
    /// Delivers `messages` in order; never throws (failures are logged and counted by the implementation).
    func broadcast(_ messages: [RealtimeMessage]) async
}

/// Delivers to this instance's sockets only (one instance, no Redis).
public struct LocalRealtimeBroadcaster: RealtimeBroadcaster {
    let hub: RealtimeHub
    let observers: [@Sendable ([RealtimeMessage]) -> Void]

    /// `observers` see every message delivered here (the SSE history).
    public init(hub: RealtimeHub, observers: [@Sendable ([RealtimeMessage]) -> Void] = []) {
        self.hub = hub
        self.observers = observers
    }

    public func broadcast(_ messages: [RealtimeMessage]) async {
        for message in messages {
            hub.broadcast(
                channel: message.channel, event: message.event, data: message.data,
                excludingSocket: message.excludingSocket)
        }
        for observer in observers { observer(messages) }
    }
}
