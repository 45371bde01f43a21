import CoreMetrics
public import Foundation
public import Logging

/// Delivers to this instance's sockets at once, then hands the messages to the other instances through a
/// publish function (Redis PUBLISH in production). Messages from other instances come back through
/// ``receive(_:)``; each carries its origin instance id, so this instance never delivers its own twice. Presence
/// arrivals and departures on this instance travel the same way (``relayMemberChanges()``), so subscribers of a
/// presence channel on every instance hear of them.
public final class FanOutRealtimeBroadcaster: RealtimeBroadcaster {
    let local: LocalRealtimeBroadcaster
    let instanceID: String
    let publish: @Sendable ([UInt8]) async -> Bool
    let metrics: RealtimeMetrics
    let logger: Logger
    private let memberChanges: AsyncStream<RealtimeMessage>

    /// `publish` sends one envelope to every instance and says whether it went out.
    public init(
        local: LocalRealtimeBroadcaster, instanceID: String = UUID().uuidString.lowercased(),
        metrics: RealtimeMetrics, logger: Logger, publish: @escaping @Sendable ([UInt8]) async -> Bool
    ) {
        self.local = local
        self.instanceID = instanceID
        self.publish = publish
        self.metrics = metrics
        self.logger = logger
        let (changes, sink) = AsyncStream.makeStream(
            of: RealtimeMessage.self, bufferingPolicy: .bufferingNewest(10_000))
        memberChanges = changes
        local.hub.onMemberChange { sink.yield($0) }
    }

    public func broadcast(_ messages: [RealtimeMessage]) async {
        guard !messages.isEmpty else { return }
        await local.broadcast(messages)
        await share(messages)
    }

    /// Hands this instance's presence arrivals and departures to the other instances, in order, until cancelled.
    public func relayMemberChanges() async {
        for await change in memberChanges { await share([change]) }
    }

    /// Sends `messages` to the other instances.
    private func share(_ messages: [RealtimeMessage]) async {
        let envelope = FanOutEnvelope(
            origin: instanceID, sentAtMilliseconds: Int64(Date().timeIntervalSince1970 * 1000),
            messages: messages.map(FanOutEnvelope.Message.init))
        guard let bytes = try? JSONEncoder().encode(envelope) else { return }
        if await !publish(Array(bytes)) {
            metrics.fanOutFailures.increment()
            logger.warning("real-time: could not publish to the other instances; delivered locally only")
        }
    }

    /// An envelope from the pub/sub channel: delivered here unless this instance sent it.
    public func receive(_ payload: [UInt8]) async {
        guard let envelope = try? JSONDecoder().decode(FanOutEnvelope.self, from: Data(payload)) else {
            logger.warning("real-time: ignoring a malformed fan-out message")
            return
        }
        guard envelope.origin != instanceID else { return }
        let lag = max(0, Int64(Date().timeIntervalSince1970 * 1000) - envelope.sentAtMilliseconds)
        metrics.fanOutLag.recordMilliseconds(lag)
        let messages = envelope.messages.map(\.realtimeMessage)
        let isMemberChange = { (message: RealtimeMessage) in message.event.hasPrefix("pusher_internal:member_") }
        for change in messages where isMemberChange(change) { local.hub.deliverRemoteMemberChange(change) }
        let events = messages.filter { !isMemberChange($0) }
        if !events.isEmpty { await local.broadcast(events) }
    }
}

/// What travels between instances.
struct FanOutEnvelope: Codable {
    struct Message: Codable {
        var channel: String
        var event: String
        var data: String
        var socketID: String?

        init(_ message: RealtimeMessage) {
            channel = message.channel
            event = message.event
            data = message.data
            socketID = message.excludingSocket
        }

        var realtimeMessage: RealtimeMessage {
            RealtimeMessage(channel: channel, event: event, data: data, excludingSocket: socketID)
        }
    }

    var origin: String
    var sentAtMilliseconds: Int64
    var messages: [Message]
}
