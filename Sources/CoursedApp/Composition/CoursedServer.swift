public import HTTPAPI
public import HealthKitCore
public import Hummingbird

/// The server `buildApplication` composes, with the handles `serve` needs around it.
public struct CoursedServer: Sendable {
    /// The Hummingbird application: router, server and the long-lived services (pools, evaluators).
    public var application: Application<RouterResponder<APIRequestContext>>
    /// Readiness, turned to 503 while the server drains.
    public var readiness: ReadinessState
}
