import CourseDomain
import HTTPAPI
import Hummingbird
import RealtimeAdapter

/// The real-time pieces of the test API: Pusher credentials, a hub, the SSE history and Pusher's HTTP API.
struct TestRealtime {
    static let credentials = PusherCredentials(appID: "test-app", key: "test-key", secret: "test-realtime-secret")

    let hub = RealtimeHub()
    let history: RealtimeHistory
    let routes: @Sendable (Router<APIRequestContext>) -> Void

    init(clock: any WallClock) {
        let history = RealtimeHistory(size: 100, maxAge: 300, clock: clock)
        let broadcaster = LocalRealtimeBroadcaster(hub: hub, observers: [{ history.record($0) }])
        let http = PusherHTTPRoutes(credentials: Self.credentials, hub: hub, broadcaster: broadcaster, clock: clock)
        self.history = history
        routes = { router in http.register(on: router) }
    }
}
