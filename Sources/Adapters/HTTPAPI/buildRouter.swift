import CourseDomain
public import Hummingbird

/// The API's router over `services`: `services.middlewares` (monitoring) outermost, then the edge middleware
/// (both wrap unmatched paths too), then every route.
/// With `settings.benchBareRoute`, the benchmark's bare liveness route is registered before any middleware.
/// Every GET route answers HEAD too (the same headers, no body), as HTTP clients and load-balancer probes expect.
public func buildRouter(_ services: APIServices) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self, options: .autoGenerateHeadEndpoints)
    if services.settings.benchBareRoute { HealthRoutes.registerBare(on: router) }
    for middleware in services.middlewares { router.add(middleware: middleware) }
    router.add(
        middleware: EdgeMiddleware(
            cors: CORSPolicy(origins: services.settings.corsOrigins), errors: services.errorRecorder))
    let auth = Authentication(accounts: services.accounts)
    AccountRoutes(accounts: services.accounts, auth: auth).register(on: router)
    CourseRoutes(
        catalog: services.catalog, auth: auth, publicMaxAge: services.settings.publicMaxAge,
        assets: services.assets?.service
    ).register(on: router)
    if let assets = services.assets {
        AssetRoutes(assets: assets.service, auth: auth).register(on: router)
        if let store = assets.embeddedStore { EmbeddedStorageRoutes(store: store).register(on: router) }
        if let playback = assets.playback { VideoPlaybackRoutes(playback: playback, auth: auth).register(on: router) }
    }
    OutlineRoutes(outlines: services.outlines, auth: auth).register(on: router)
    MetaRoutes().register(on: router)
    if let realtime = services.realtime { RealtimeAuthRoutes(realtime: realtime, auth: auth).register(on: router) }
    if let realtime = services.realtime, let stream = services.realtimeStream {
        RealtimeStreamRoutes(realtime: realtime, source: stream, auth: auth).register(on: router)
    }
    if let metrics = services.metrics {
        MetricsRoutes(registry: metrics.registry, beforeScrape: metrics.beforeScrape).register(on: router)
    }
    HealthRoutes(endpoints: services.health).register(on: router)
    for extra in services.extraRoutes { extra(router) }
    return router
}
