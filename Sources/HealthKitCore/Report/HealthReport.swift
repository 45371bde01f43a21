import CoreSupport
public import Foundation

/// The outcome of one health evaluation, ready to be rendered in the SPEC §5 or the IETF format.
public struct HealthReport: Sendable, Hashable {
    /// The aggregated status.
    public var status: HealthStatus
    /// The service version.
    public var version: String
    /// When the report was produced (rendered RFC 3339 UTC with fractional seconds).
    public var timestamp: Date
    /// Every component's result, in the checks' order.
    public var components: [ComponentResult]
    /// Process uptime, RSS and CPU time.
    public var metrics: ProcessMetricsSnapshot
    /// Warnings such as firing alerts; rendered only when non-empty; they never change `status`.
    public var warnings: [String]
    /// How long the evaluation took (for `X-Health-Check-Duration`).
    public var duration: Duration

    /// Creates a report.
    public init(
        status: HealthStatus,
        version: String,
        timestamp: Date,
        components: [ComponentResult],
        metrics: ProcessMetricsSnapshot,
        warnings: [String] = [],
        duration: Duration = .zero
    ) {
        self.status = status
        self.version = version
        self.timestamp = timestamp
        self.components = components
        self.metrics = metrics
        self.warnings = warnings
        self.duration = duration
    }

    /// 200 for healthy and degraded, 503 for unhealthy.
    public var httpStatus: Int { status.httpStatus }

    /// The `Cache-Control` value every health answer carries.
    public static let cacheControl = "no-cache, must-revalidate"

    /// The `X-Health-Check-Duration` header's name.
    public static let durationHeaderName = "X-Health-Check-Duration"

    /// The `X-Health-Check-Duration` value: whole milliseconds, rounded, e.g. `"3ms"`.
    public var durationHeaderValue: String {
        "\(Int(duration.milliseconds.rounded()))ms"
    }

    /// The component result named `name`, if any.
    public func component(named name: String) -> ComponentResult? {
        components.first { $0.name == name }
    }
}
