import CoreSupport
public import CourseDomain
import HTTPTypes
import HealthKitCore
public import Hummingbird
public import Observability
import Prometheus

/// Everything the router needs, composed by the app: use cases, optional operational endpoints and settings.
public struct APIServices: Sendable {
    public var accounts: AccountService
    public var catalog: CatalogService
    /// The AI outline use case (with no provider configured, it answers 503).
    public var outlines: OutlineService
    public var settings: APISettings
    /// Health and readiness.
    public var health: HealthEndpoints
    /// `/metrics`; absent when the app did not install a Prometheus factory.
    public var metrics: MetricsEndpoint?
    /// Extra routes registered by other parts of the app (health, metrics, outline), after the core ones.
    public var extraRoutes: [@Sendable (Router<APIRequestContext>) -> Void]
    /// Counts and logs unexpected errors (500s) with route and request id.
    public var errorRecorder: ErrorRecorder?
    /// Channel authorization for real-time subscribers (`POST /api/realtime/auth`); absent when real-time is off.
    public var realtime: RealtimeService?
    /// The channels' history and live events for `GET /api/realtime/stream`; absent when real-time is off.
    public var realtimeStream: (any RealtimeStreamSource)?
    /// Course assets (SPEC §14); nil serves no asset routes.
    public var assets: AssetEndpoints?
    /// Middleware that runs inside the edge, around every route (request monitoring, tracing).
    public var middlewares: [any MiddlewareProtocol<Request, Response, APIRequestContext>]

    public init(
        accounts: AccountService, catalog: CatalogService, outlines: OutlineService? = nil,
        settings: APISettings = APISettings(),
        health: HealthEndpoints? = nil, metrics: MetricsEndpoint? = nil,
        extraRoutes: [@Sendable (Router<APIRequestContext>) -> Void] = [],
        middlewares: [any MiddlewareProtocol<Request, Response, APIRequestContext>] = [],
        errorRecorder: ErrorRecorder? = nil,
        realtime: RealtimeService? = nil, realtimeStream: (any RealtimeStreamSource)? = nil
    ) {
        self.realtime = realtime
        self.realtimeStream = realtimeStream
        self.errorRecorder = errorRecorder
        self.accounts = accounts
        self.catalog = catalog
        self.outlines =
            outlines ?? OutlineService(courses: catalog.repository, router: nil, clock: SystemWallClock())
        self.settings = settings
        self.health = health ?? .unchecked(version: settings.version)
        self.metrics = metrics
        self.extraRoutes = extraRoutes
        self.middlewares = middlewares
    }
}
