import CoreSupport
import CourseDomain
import Foundation
import HTTPAPI
import HealthKitCore
import Hummingbird
import Logging
import Observability
import Persistence
import ServiceLifecycle

/// Every piece of the running app, chosen from configuration: stores, cache, AI, health, metrics.
struct Components: Sendable {
    var accounts: AccountService
    var catalog: CatalogService
    var outlines: OutlineService
    /// Course assets and their object store (SPEC §14).
    var assets: AssetComposition
    var health: HealthEndpoints
    var metrics: MetricsEndpoint
    var middlewares: [any MiddlewareProtocol<Request, Response, APIRequestContext>]
    /// What the monitoring middleware records requests in (the event-loop fast path records in it too).
    var requestMonitor: RequestMonitor
    var errorRecorder: ErrorRecorder
    var services: [any Service]
    var realtime: RealtimeComposition

    static func make(_ configuration: AppConfiguration, logger: Logger) async throws -> Components {
        let registry = MetricsBootstrap.registry()
        let process = ProcessMetrics(startTime: Date())
        let poolUsage = PoolUsageWindow()
        let stores = try await makeStores(configuration, poolUsage: poolUsage, logger: logger)
        logger.info("\(stores.summary)")
        let clock = SystemWallClock()
        let secret = configuration.security.jwtSecret?.value ?? ephemeralSecret(logger: logger)
        let tokens = await JWTTokenService(
            secret: secret, lifetime: Double(configuration.security.tokenLifetimeSeconds), clock: clock)
        let realtime = try RealtimeComposition.make(
            configuration, users: stores.users, courses: stores.courses, clock: clock, logger: logger)
        logger.info("\(realtime.summary)")
        let accounts = AccountService(
            users: stores.users, hasher: BcryptPasswordHasher(cost: UInt8(configuration.security.bcryptCost)),
            tokens: tokens, clock: clock, throttle: LoginThrottling.make(stores, clock: clock, logger: logger),
            // Signed-in requests skip the user read for 5 s: the bound within which a role change made through
            // another instance reaches this one (this instance's own changes apply at once).
            principals: PrincipalMemoryCache(ttl: .seconds(5), clock: clock), events: realtime.publisher)
        // Course and listing reads are answered from the cache's rendered bodies when there is a cache.
        let catalog = CatalogService(
            courses: stores.courses, clock: clock, events: realtime.publisher, rendered: stores.renderedCourses)
        var adminRetry: [any Service] = []
        if let admin = configuration.admin,
            let retry = try await AdminAccount.ensure(
                email: admin.email, password: admin.password, accounts: accounts, logger: logger)
        {
            adminRetry.append(retry)
        }
        let ai = try AIComposition.make(configuration, budget: stores.budget, clock: clock, logger: logger)
        logger.info("\(ai.summary)")
        let outlines = OutlineService(
            courses: stores.courses, router: ai.router, clock: clock, events: realtime.publisher)
        let videoQueue = VideoComposition.queue(configuration, database: stores.postgres)
        var assets = try AssetComposition.make(
            configuration, repository: stores.assets, courses: stores.courses, events: realtime.publisher,
            clock: clock, logger: logger, videos: VideoJobQueueProcessing(queue: videoQueue))
        logger.info("\(assets.summary)")
        let monitoring = Monitoring(configuration, poolUsage: poolUsage, logger: logger)
        let video = VideoComposition.make(
            configuration, queue: videoQueue, store: assets.videoStore, assets: stores.assets,
            courses: stores.courses, events: realtime.publisher, secret: secret)
        assets.endpoints.playback = video.playback
        let videoWorkers: [any Service] =
            configuration.video.workers > 0
            ? [video.workers(concurrency: configuration.video.workers, configuration: configuration, logger: logger)]
            : []
        let videoServices: [any Service] = [video.sampler] + videoWorkers
        let checks = stores.healthChecks + ai.checks + realtime.checks + [video.healthCheck]
        let health = HealthEndpoints(
            evaluator: HealthEvaluator(checks: checks, version: CoursedVersion.current),
            readiness: ReadinessState(
                criticalChecks: checks.filter { $0.criticality == .critical },
                pendingMigrations: stores.pendingMigrations),
            warnings: { monitoring.warnings })
        return Components(
            accounts: accounts, catalog: catalog, outlines: outlines, assets: assets, health: health,
            metrics: MetricsEndpoint(
                registry: registry,
                beforeScrape: { [sample = stores.sampleMetrics] in
                    sample()
                    process.record(
                        cpuSeconds: ProcessSampler.cpuSeconds(),
                        residentMemoryBytes: ProcessSampler.residentMemoryBytes(),
                        openFileDescriptors: ProcessSampler.openFileDescriptors())
                }),
            // The instrument is looked up once: `InstrumentationSystem.instrument` takes a lock on every read.
            middlewares: [
                MonitoringMiddleware(
                    monitor: monitoring.monitor, logger: logger, instrument: W3CTraceContextInstrument.systemOrDefault)
            ] + (stores.readAfterWrite.map { [$0] } ?? []),
            requestMonitor: monitoring.monitor, errorRecorder: monitoring.errors,
            services: stores.services + ai.services + [monitoring.service] + adminRetry + realtime.services
                + assets.services + videoServices,
            realtime: realtime)
    }
}

/// A random signing secret for a server started without `JWT_SECRET` (tokens die with the process).
func ephemeralSecret(logger: Logger) -> String {
    logger.warning("no JWT_SECRET: signing tokens with a random secret; tokens will not survive a restart")
    return Hex.randomSecret()
}
