import CoreMetrics
public import Foundation
public import Logging

/// Delivers to this instance's sockets at once, then hands the messages to the other instances through a
/// publish function (Redis PUBLISH in production). Messages from other instances come back through
/// ``receive(_:)``; each carries its origin instance id, so this instance never delivers its own twice.
public final class FanOutRealtimeBroadcaster: RealtimeBroadcaster {
    let local: LocalRealtimeBroadcaster
    let instanceID: String
    let publish: @Sendable ([UInt8]) async -> Bool
    let metrics: RealtimeMetrics
    let logger: Logger

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
    }

    public func broadcast(_ messages: [RealtimeMessage]) async {
        guard !messages.isEmpty else { return }
        await local.broadcast(messages)
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
        await local.broadcast(envelope.messages.map(\.realtimeMessage))
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
