/// Where the use cases send their events (SPEC §16): the built-in real-time server, Pusher's REST API, or nowhere.
/// Publishing never fails the write that caused it: implementations log and count their own failures.
public protocol EventPublisher: Sendable {
    /// Publishes `events` in order; `excludingSocket` is a Pusher `socket_id` that must not receive them.
    func publish(_ events: [DomainEvent], excludingSocket: String?) async
}

extension EventPublisher {
    /// Publishes one event to every subscriber.
    public func publish(_ event: DomainEvent) async {
        await publish([event], excludingSocket: nil)
    }
}

/// Publishes nothing: real-time mode `off`, and use cases built without a publisher.
public struct DiscardingEventPublisher: EventPublisher {
    public init() {}

    public func publish(_ events: [DomainEvent], excludingSocket: String?) async {}
}
