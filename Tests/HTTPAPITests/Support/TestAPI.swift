import CourseDomain
import Foundation
import HTTPAPI
import HTTPTypes
import HealthKitCore
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Observability
import Persistence
import Prometheus
import Testing

/// The API under test, built over in-memory stores, a real JWT service and a fake hasher, reached with no socket.
struct TestAPI: Sendable {
    static let secret = "test-secret-that-is-long-enough-for-hs256!"
    static let allowedOrigin = "https://app.example.com"
    /// The base URL of the embedded store's signed URLs in tests.
    static let storageBase = "http://coursed.test"

    let client: any TestClientProtocol
    let accounts: AccountService
    let users: UserMemoryRepository
    let courses: CourseMemoryRepository
    let clock: TestClock
    let tokens: JWTTokenService
    let readiness: ReadinessState
    /// The course assets, their objects (coursed's own store, in memory) and the events they published.
    let assets: AssetMemoryRepository
    let objects: EmbeddedMemoryBackend
    let events: RecordingEventPublisher
    /// The router's routes, as `METHOD /path/{param}` (Hummingbird's `Router.routes`).
    let routes: Set<String>
    /// coursed's own store behind the routes (signs the URLs they check).
    let embeddedStore: EmbeddedObjectStore
    /// The video job queue completed video uploads go to (SPEC §15).
    let videoQueue: VideoJobMemoryQueue

    /// Sends one request and checks the invariants every response must satisfy.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil,
        body: ByteBuffer? = nil, contentType: String? = "application/json", headers: HTTPFields = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> APIResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        var payload = body
        if let json { payload = ByteBuffer(string: json) }
        if payload != nil, let contentType, fields[.contentType] == nil { fields[.contentType] = contentType }
        let response = try await client.execute(uri: path, method: method, headers: fields, body: payload) {
            APIResponse(status: $0.status, headers: $0.headers, bytes: Array($0.body.readableBytesView))
        }
        // Health documents are their own 503 bodies; a refused preflight is checked by its own test; HEAD has no body.
        let isPreflight = method == .options && fields[.accessControlRequestMethod] != nil
        let errorShape = !path.hasPrefix("/api/health") && !isPreflight && method != .head
        response.checkInvariants(errorShape: errorShape, sourceLocation: sourceLocation)
        return response
    }
}

/// The AI set-up of a test API: no provider (503), or fake providers charging a budget.
struct AISetup: Sendable {
    var providers: [any TextGenerator]
    var budget: any RateBudget

    static let none = AISetup(providers: [], budget: InMemoryRateBudget())
}

/// Runs `body` against a fresh API. `streamedBodies` strips `Content-Length` from requests (chunked uploads);
/// `live` serves it on a loopback socket instead of calling the router directly.
func withAPI(
    corsOrigins: [String] = [TestAPI.allowedOrigin], hasher: any PasswordHasher = FakePasswordHasher(),
    streamedBodies: Bool = false, ai: AISetup = .none, healthChecks: [any HealthCheck] = [],
    benchBareRoute: Bool = false, live: Bool = false,
    middlewares: [any MiddlewareProtocol<Request, Response, APIRequestContext>] = [],
    extraRoutes: [@Sendable (Router<APIRequestContext>) -> Void] = [], errorRecorder: ErrorRecorder? = nil,
    assetLimits: AssetLimits = AssetLimits(), cached: Bool = false,
    _ body: @Sendable (TestAPI) async throws -> Void
) async throws {
    let clock = TestClock()
    let users = UserMemoryRepository()
    let courses = CourseMemoryRepository()
    let tokens = await JWTTokenService(secret: TestAPI.secret, lifetime: 3600, clock: clock)
    let accounts = AccountService(
        users: users, hasher: hasher, tokens: tokens, clock: clock,
        throttle: LoginThrottle(store: LoginFailureMemoryStore(), clock: clock))
    // `cached`: course reads go through the cache-aside decorator (in memory) and its rendered bodies, as with Redis.
    let cache =
        cached ? CachedCourseRepository(base: courses, cache: CacheMemoryStore(clock: clock), clock: clock) : nil
    let catalog = CatalogService(
        courses: cache ?? courses, clock: clock,
        rendered: cache.map { CachedRenderedReads(cache: $0, renderer: CourseJSONRenderer()) })
    let router =
        ai.providers.isEmpty ? nil : AIRouter(providers: ai.providers, budget: ai.budget, clock: clock)
    let readiness = ReadinessState(criticalChecks: healthChecks.filter { $0.criticality == .critical })
    let health = HealthEndpoints(
        evaluator: HealthEvaluator(checks: healthChecks, version: "9.9.9-test"), readiness: readiness)
    let realtime = TestRealtime(clock: clock)
    let assets = AssetMemoryRepository(courses: courses)
    let objects = EmbeddedMemoryBackend()
    let events = RecordingEventPublisher()
    let objectStore = EmbeddedObjectStore(backend: objects, baseURL: TestAPI.storageBase, now: { clock.now() })
    let videoQueue = VideoJobMemoryQueue(clock: clock)
    let assetService = AssetService(
        assets: assets, courses: courses, store: objectStore, deletions: RetryingObjectDeletions(store: objectStore),
        videos: VideoJobQueueProcessing(queue: videoQueue), events: events, limits: assetLimits, clock: clock)
    let playback = VideoPlaybackService(
        assets: assets, courses: courses, queue: videoQueue, store: VideoEmbeddedObjectStore(store: objectStore),
        links: HLSPlaylistHMACLinks(secret: TestAPI.secret, baseURL: TestAPI.storageBase),
        ttlSeconds: assetLimits.downloadURLTTLSeconds, clock: clock)
    var services = APIServices(
        accounts: accounts, catalog: catalog,
        outlines: OutlineService(courses: courses, router: router, clock: clock),
        settings: APISettings(corsOrigins: corsOrigins, version: "9.9.9-test", benchBareRoute: benchBareRoute),
        health: health, metrics: MetricsEndpoint(registry: PrometheusCollectorRegistry()),
        extraRoutes: extraRoutes + [realtime.routes],
        middlewares: middlewares, errorRecorder: errorRecorder,
        realtime: RealtimeService(courses: courses, users: users, signer: TestRealtime.credentials),
        realtimeStream: realtime.history)
    services.assets = AssetEndpoints(service: assetService, embeddedStore: objectStore, playback: playback)
    var logger = Logger(label: "HTTPAPITests")
    logger.logLevel = .error
    let built = buildRouter(services)
    let routes = Set(built.routes.map { "\($0.method.rawValue) \($0.path.description)" })
    let run: @Sendable (any TestClientProtocol) async throws -> Void = { client in
        try await body(
            TestAPI(
                client: client, accounts: accounts, users: users, courses: courses, clock: clock, tokens: tokens,
                readiness: readiness, assets: assets, objects: objects, events: events, routes: routes,
                embeddedStore: objectStore, videoQueue: videoQueue))
    }
    if streamedBodies {
        let app = Application(responder: WithoutContentLength(inner: built.buildResponder()), logger: logger)
        try await app.test(.router, run)
    } else {
        let app = Application(router: built, logger: logger)
        // `.live` serves on loopback: the server sees the client's address (login throttling per address).
        try await app.test(live ? .live : .router, run)
    }
}
