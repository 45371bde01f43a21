/// What a Server-Sent Events stream carries (SPEC §16).
public enum RealtimeStreamItem: Sendable, Equatable {
    /// An event with its stream id and Pusher's wire message (`{"event","channel","data"}`) as JSON text.
    case event(id: String, message: String)
    /// The events after `Last-Event-ID` are no longer in the history: the client must reload.
    case reset
}

/// The channels' recent history and live events, for `GET /api/realtime/stream`: a port, implemented by the
/// real-time adapter.
public protocol RealtimeStreamSource: Sendable {
    /// What was missed after `lastEventID` (or `.reset`), then every new event of `channels`, until the stream is
    /// dropped.
    func stream(channels: [String], lastEventID: String?) -> AsyncStream<RealtimeStreamItem>
}
