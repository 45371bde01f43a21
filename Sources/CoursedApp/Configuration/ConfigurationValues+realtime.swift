extension ConfigurationValues {
    /// Reads `realtime.*` and `PUSHER_*` (SPEC §16).
    mutating func applyRealtime(to config: inout AppConfiguration) throws {
        let mode = (try text("realtime.mode", env: "REALTIME_MODE") ?? "builtin").lowercased()
        guard ["builtin", "pusher", "off"].contains(mode) else {
            throw ConfigurationError(key: "realtime.mode (REALTIME_MODE)", reason: "must be builtin, pusher or off")
        }
        config.realtime.mode = mode
        config.realtime.appID = try text("realtime.app_id", env: "PUSHER_APP_ID") ?? config.realtime.appID
        config.realtime.key = try text("realtime.key", env: "PUSHER_KEY") ?? config.realtime.key
        config.realtime.secret = try secret("realtime.secret", env: "PUSHER_SECRET")
        config.realtime.host = try text("realtime.host", env: "PUSHER_HOST")
        config.realtime.maxConnections = try integer(
            "realtime.max_connections", env: "REALTIME_MAX_CONNECTIONS", default: 10_000, range: 1...1_000_000)
        config.realtime.historySize = try integer("realtime.history.size", default: 100, range: 0...10_000)
        config.realtime.historySeconds = try integer("realtime.history.seconds", default: 300, range: 1...86_400)
        if mode == "pusher" && (config.realtime.secret == nil || config.realtime.host == nil) {
            throw ConfigurationError(
                key: "realtime.mode (REALTIME_MODE)",
                reason: "pusher needs PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET and PUSHER_HOST")
        }
    }
}
