public import HTTPAPI
public import HealthKitCore
public import Hummingbird
public import RealtimeAdapter

/// The server `buildApplication` composes, with the handles `serve` needs around it.
public struct CoursedServer: Sendable {
    /// The Hummingbird application: router, server and the long-lived services (pools, evaluators).
    public var application: Application<RouterResponder<APIRequestContext>>
    /// Readiness, turned to 503 while the server drains.
    public var readiness: ReadinessState
    /// The built-in real-time server's hub (nil unless `realtime.mode` is `builtin`): `serve` closes its sockets
    /// with Pusher's reconnect code on SIGTERM.
    public var realtimeHub: RealtimeHub?
    /// Answers cached anonymous course reads on the event loops (nil when nothing is kept in process memory).
    public var fastPath: CachedCourseFastPath?
}
