/// The API's own settings, read from configuration by the app.
public struct APISettings: Sendable {
    /// Request bodies over this size get 413.
    public static let maxBodyBytes = 1 << 20

    /// Origins allowed by CORS (`security.cors_origins`); empty allows none.
    public var corsOrigins: [String]
    /// The version reported by health.
    public var version: String

    public init(corsOrigins: [String] = [], version: String = "0.1.0") {
        self.corsOrigins = corsOrigins
        self.version = version
    }
}
