public import CourseDomain
import HTTPAPI

/// The use cases' ``EventPublisher`` for the built-in server: renders each subject as its SPEC §4 representation
/// and hands the events to the broadcaster.
public struct RealtimeEventPublisher: EventPublisher {
    let broadcaster: any RealtimeBroadcaster

    public init(broadcaster: any RealtimeBroadcaster) {
        self.broadcaster = broadcaster
    }

    public func publish(_ events: [DomainEvent], excludingSocket: String?) async {
        let messages = events.map { event in
            RealtimeMessage(
                channel: event.channel, event: event.name, data: EventRendering.json(event.subject),
                excludingSocket: excludingSocket)
        }
        await broadcaster.broadcast(messages)
    }
}
