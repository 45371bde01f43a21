extension AppConfiguration {
    /// `realtime.*` and the Pusher variables (SPEC §16).
    public struct Realtime: Sendable {
        /// `builtin` (default), `pusher` or `off` (`REALTIME_MODE`).
        public var mode = "builtin"
        public var appID = "1"
        public var key = "coursed"
        /// `PUSHER_SECRET`; nil means a random one per process (development only).
        public var secret: Secret?
        /// `PUSHER_HOST`: Pusher's REST API host in mode `pusher`.
        public var host: String?
        public var maxConnections = 10_000
        public var historySize = 100
        public var historySeconds = 300
    }
}
