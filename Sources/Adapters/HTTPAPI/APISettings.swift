/// The API's own settings, read from configuration by the app.
public struct APISettings: Sendable {
    /// Request bodies over this size get 413.
    public static let maxBodyBytes = 1 << 20

    /// Origins allowed by CORS (`security.cors_origins`); empty allows none.
    public var corsOrigins: [String]
    /// The version reported by health.
    public var version: String

    /// Whether `GET /api/health/live/bare` exists: liveness without any middleware, for measuring the
    /// middleware's cost (`bench/middleware-ratio.sh`). Off by default; off, the path is a 404 like any other.
    public var benchBareRoute: Bool

    /// `max-age` of anonymous course and listing answers, in seconds (`cache.public_max_age`, 30).
    public var publicMaxAge: Int

    public init(
        corsOrigins: [String] = [], version: String = "0.1.0", benchBareRoute: Bool = false, publicMaxAge: Int = 30
    ) {
        self.corsOrigins = corsOrigins
        self.version = version
        self.benchBareRoute = benchBareRoute
        self.publicMaxAge = publicMaxAge
    }
}
