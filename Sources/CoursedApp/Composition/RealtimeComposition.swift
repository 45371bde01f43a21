import CoreSupport
import CourseDomain
import CurlHTTPClient
import Foundation
import HTTPAPI
import HealthKitCore
import Hummingbird
import Logging
import RealtimeAdapter
import RedisAdapter
import ServiceLifecycle

/// The real-time parts chosen by `realtime.mode` (SPEC §16): the use cases' event publisher, channel
/// authorization, and in mode `builtin` the Pusher server (WebSocket, HTTP API) on coursed's own port.
struct RealtimeComposition: Sendable {
    var publisher: any EventPublisher
    var service: RealtimeService?
    var hub: RealtimeHub?
    var stream: (any RealtimeStreamSource)?
    var webSocket: PusherWebSocketServer?
    var routes: [@Sendable (Router<APIRequestContext>) -> Void]
    var checks: [any HealthCheck] = []
    var services: [any Service] = []
    var summary: String

    static func make(
        _ configuration: AppConfiguration, users: any UserRepository, courses: any CourseRepository,
        clock: any WallClock, logger: Logger
    ) throws -> RealtimeComposition {
        let settings = configuration.realtime
        guard settings.mode != "off" else {
            return RealtimeComposition(
                publisher: DiscardingEventPublisher(), service: nil, hub: nil, stream: nil, webSocket: nil, routes: [],
                summary: "real-time: off")
        }
        let secret = settings.secret?.value ?? randomSecret(logger: logger)
        let credentials = PusherCredentials(appID: settings.appID, key: settings.key, secret: secret)
        let service = RealtimeService(courses: courses, users: users, signer: credentials)
        if settings.mode == "pusher", let host = settings.host {
            return pusher(credentials: credentials, host: host, service: service, clock: clock, logger: logger)
        }
        var limits = RealtimeLimits()
        limits.maxConnections = settings.maxConnections
        let hub = RealtimeHub(limits: limits)
        let history = RealtimeHistory(
            size: settings.historySize, maxAge: TimeInterval(settings.historySeconds), clock: clock)
        hub.onShutDown { history.finishAll() }
        let local = LocalRealtimeBroadcaster(hub: hub, observers: [{ history.record($0) }])
        var broadcaster: any RealtimeBroadcaster = local
        var checks: [any HealthCheck] = [RealtimeHealthCheck(hub: hub, subscriberConnected: nil)]
        var services: [any Service] = []
        var presence = PresenceDirectory(hub: hub, shared: nil, logger: logger)
        var fanOut = "local"
        if let (redis, client) = try Stores.redis(configuration, for: "real-time fan-out", logger: logger) {
            let channel = "coursed:realtime:\(settings.appID)"
            let instanceID = UUID().uuidString.lowercased()
            let distributed = FanOutRealtimeBroadcaster(
                local: local, instanceID: instanceID, metrics: hub.metrics, logger: logger
            ) { payload in
                (try? await client.send("PUBLISH", .string(channel), .bytes(payload))) != nil
            }
            let store = PresenceRedisStore(
                client: client, keyPrefix: "coursed:realtime:\(settings.appID):presence:", instanceID: instanceID,
                clock: clock)
            presence = PresenceDirectory(hub: hub, shared: store, logger: logger)
            let (inbox, deliver) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingNewest(10_000))
            let subscriber = RedisSubscriber(
                configuration: redis, channels: [channel], logger: logger, cluster: client,
                onMessage: { _, payload in deliver.yield(payload) })
            broadcaster = distributed
            checks = [RealtimeHealthCheck(hub: hub, subscriberConnected: { subscriber.isConnected })]
            services = [
                RealtimeFanOutService(
                    subscriber: subscriber, inbox: inbox, broadcaster: distributed, presence: presence, client: client)
            ]
            fanOut = "redis pub/sub"
        }
        let http = PusherHTTPRoutes(
            credentials: credentials, hub: hub, broadcaster: broadcaster, clock: clock, presence: presence)
        return RealtimeComposition(
            publisher: RealtimeEventPublisher(broadcaster: broadcaster), service: service, hub: hub, stream: history,
            webSocket: PusherWebSocketServer(hub: hub, credentials: credentials, presence: presence),
            routes: [{ router in http.register(on: router) }], checks: checks, services: services,
            summary: "real-time: built-in Pusher server (app \(settings.appID), key \(settings.key), fan-out \(fanOut))"
        )
    }

    /// Mode `pusher`: events go to Pusher's REST API; channel authorization is still ours.
    private static func pusher(
        credentials: PusherCredentials, host: String, service: RealtimeService, clock: any WallClock, logger: Logger
    ) -> RealtimeComposition {
        let base = host.contains("://") ? host : "https://\(host)"
        let http = HTTPCurlClient(logger: logger)
        let publisher = PusherRESTEventPublisher(
            credentials: credentials, baseURL: base, clock: clock, logger: logger
        ) { url, body in
            let request = HTTPClientRequest(
                method: .post, url: url, headers: ["Content-Type": "application/json"], body: .bytes(body),
                timeout: .seconds(10))
            return (try? await http.execute(request))?.status
        }
        return RealtimeComposition(
            publisher: publisher, service: service, hub: nil, stream: nil, webSocket: nil, routes: [],
            services: [PusherPublisherService(publisher: publisher, http: http)],
            summary: "real-time: Pusher's service at \(base) (app \(credentials.appID))")
    }

    private static func randomSecret(logger: Logger) -> String {
        logger.warning(
            "no PUSHER_SECRET: signing real-time subscriptions with a random secret; set one for production")
        return Hex.randomSecret()
    }
}

/// On graceful shutdown, asks every real-time socket to reconnect elsewhere (Pusher's 4200) before the HTTP
/// server stops, and waits a moment for them to go.
struct RealtimeShutdownService: Service {
    let hub: RealtimeHub
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        let open = hub.connectionCount
        hub.shutDown()
        if open > 0 { logger.info("real-time: closing \(open) sockets with 4200") }
        let deadline = ContinuousClock.now + .seconds(5)
        while hub.connectionCount > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Runs the Redis subscriber and delivers what it receives, in order, to this instance's sockets; shares this
/// instance's presence members (withdrawn at shutdown); closes the publishing client at shutdown.
struct RealtimeFanOutService: Service {
    let subscriber: RedisSubscriber
    let inbox: AsyncStream<[UInt8]>
    let broadcaster: FanOutRealtimeBroadcaster
    let presence: PresenceDirectory
    let client: RedisClient

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await subscriber.run() }
            group.addTask { await presence.run() }
            group.addTask {
                for await payload in inbox { await broadcaster.receive(payload) }
            }
            group.addTask { await broadcaster.relayMemberChanges() }
            group.addTask { try? await gracefulShutdown() }
            await group.next()
            group.cancelAll()
        }
        client.shutdown()
    }
}

/// Sends mode `pusher`'s queued events until shutdown, then closes the HTTP client.
struct PusherPublisherService: Service {
    let publisher: PusherRESTEventPublisher
    let http: HTTPCurlClient

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await publisher.run() }
            group.addTask { try? await gracefulShutdown() }
            await group.next()
            group.cancelAll()
        }
        try? await http.shutdown()
    }
}
