public import CourseDomain
public import Foundation
import NIOCore
import Synchronization

/// Each channel's recent events (the last `size`, at most `maxAge` old) with stream ids, and the live
/// Server-Sent Events listeners: `Last-Event-ID` resumes from here, or gets `.reset` when the gap is gone.
public final class RealtimeHistory: RealtimeStreamSource {
    struct Entry {
        var sequence: UInt64
        var recordedAt: Date
        var message: String
    }

    struct ChannelLog {
        var entries: [Entry] = []
        /// The highest sequence trimmed away: a resume from before it has a gap.
        var trimmedThrough: UInt64 = 0
    }

    struct Listener {
        var channels: Set<String>
        var continuation: AsyncStream<RealtimeStreamItem>.Continuation
    }

    struct State {
        var sequence: UInt64 = 0
        var logs: [String: ChannelLog] = [:]
        var listeners: [UInt64: Listener] = [:]
        var nextListener: UInt64 = 0
    }

    private let state = Mutex(State())
    let size: Int
    let maxAge: TimeInterval
    let clock: any WallClock
    /// Distinguishes this process's ids from another's (a resume across a restart or instances is a reset).
    let epoch: String

    /// Events a listener may fall behind by before its stream ends (the client resumes from the history).
    static let listenerBuffer = 4096

    public init(size: Int = 100, maxAge: TimeInterval = 300, clock: any WallClock) {
        self.size = size
        self.maxAge = maxAge
        self.clock = clock
        epoch = String(UInt32.random(in: 1...UInt32.max), radix: 36)
    }

    /// Records delivered messages (an observer of ``LocalRealtimeBroadcaster``) and hands them to listeners.
    public func record(_ messages: [RealtimeMessage]) {
        let now = clock.now()
        state.withLock { state in
            for message in messages {
                state.sequence += 1
                let wire = String(
                    buffer: PusherJSON.message(event: message.event, channel: message.channel, data: message.data))
                var log = state.logs[message.channel] ?? ChannelLog()
                log.entries.append(Entry(sequence: state.sequence, recordedAt: now, message: wire))
                trim(&log, now: now)
                state.logs[message.channel] = log
                let item = RealtimeStreamItem.event(id: id(state.sequence), message: wire)
                for (key, listener) in state.listeners where listener.channels.contains(message.channel) {
                    if case .dropped = listener.continuation.yield(item) {
                        listener.continuation.finish()
                        state.listeners.removeValue(forKey: key)
                    }
                }
            }
        }
    }

    public func stream(channels: [String], lastEventID: String?) -> AsyncStream<RealtimeStreamItem> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: RealtimeStreamItem.self, bufferingPolicy: .bufferingOldest(Self.listenerBuffer))
        let now = clock.now()
        let key = state.withLock { state -> UInt64 in
            if let lastEventID {
                for item in replay(after: lastEventID, channels: channels, state: &state, now: now) {
                    continuation.yield(item)
                }
            }
            state.nextListener += 1
            state.listeners[state.nextListener] = Listener(channels: Set(channels), continuation: continuation)
            return state.nextListener
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: key) }
        }
        return stream
    }

    /// Ends every live stream (graceful shutdown: SSE clients reconnect elsewhere with their Last-Event-ID).
    public func finishAll() {
        let listeners = state.withLock { state -> [Listener] in
            defer { state.listeners.removeAll() }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.continuation.finish() }
    }

    /// Live SSE listeners.
    public var listenerCount: Int { state.withLock { $0.listeners.count } }

    private func replay(after lastEventID: String, channels: [String], state: inout State, now: Date)
        -> [RealtimeStreamItem]
    {
        let parts = lastEventID.split(separator: "-")
        guard parts.count == 2, parts[0] == epoch, let last = UInt64(parts[1]), last <= state.sequence else {
            return [.reset]
        }
        var missed: [Entry] = []
        for channel in channels {
            guard var log = state.logs[channel] else { continue }
            trim(&log, now: now)
            state.logs[channel] = log
            if log.trimmedThrough > last { return [.reset] }
            missed += log.entries.filter { $0.sequence > last }
        }
        return missed.sorted { $0.sequence < $1.sequence }.map { .event(id: id($0.sequence), message: $0.message) }
    }

    private func trim(_ log: inout ChannelLog, now: Date) {
        var drop = max(0, log.entries.count - size)
        while drop < log.entries.count, now.timeIntervalSince(log.entries[drop].recordedAt) > maxAge { drop += 1 }
        guard drop > 0 else { return }
        log.trimmedThrough = log.entries[drop - 1].sequence
        log.entries.removeFirst(drop)
    }

    private func id(_ sequence: UInt64) -> String { "\(epoch)-\(sequence)" }
}
