public import HealthKitCore

/// Health component `realtime`: the built-in server's sockets, and whether the Redis subscriber that brings other
/// instances' events is connected (degraded when it is not: local delivery still works).
public struct RealtimeHealthCheck: HealthCheck {
    public let name = "realtime"
    public let criticality = Criticality.nonCritical
    public let timeout = Duration.seconds(1)
    let hub: RealtimeHub
    let subscriberConnected: (@Sendable () -> Bool)?

    /// `subscriberConnected` is nil without Redis (one instance, nothing to subscribe to).
    public init(hub: RealtimeHub, subscriberConnected: (@Sendable () -> Bool)?) {
        self.hub = hub
        self.subscriberConnected = subscriberConnected
    }

    public func check() async throws -> ComponentHealth {
        var details = [
            HealthDetail(key: "connections", value: .integer(hub.connectionCount)),
            HealthDetail(key: "fan_out", value: .string(subscriberConnected == nil ? "local" : "redis")),
        ]
        guard let subscriberConnected else { return .healthy(details: details) }
        let connected = subscriberConnected()
        details.append(HealthDetail(key: "redis_subscriber", value: .string(connected ? "connected" : "disconnected")))
        return connected
            ? .healthy(details: details) : .degraded(details: details, error: "redis_subscriber_disconnected")
    }
}
