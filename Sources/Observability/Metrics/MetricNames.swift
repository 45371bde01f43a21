/// The metric names `coursed` exports, in Prometheus naming with OpenTelemetry's HTTP server conventions.
///
/// Every name keeps one fixed set of label keys for its whole life: Prometheus (and swift-prometheus, which
/// traps on a mismatch) require all series of one family to share their label names.
public enum MetricNames {
    /// Histogram (swift-metrics `Timer`) of server request durations, in seconds.
    /// Labels: `http_request_method`, `http_route`, `http_response_status_code`.
    public static let httpServerRequestDuration = "http_server_request_duration_seconds"
    /// Gauge (swift-metrics `Meter`) of requests in flight. Labels: `http_request_method`.
    public static let httpServerActiveRequests = "http_server_active_requests"
    /// Counter of finished requests. Labels: `http_request_method`, `http_route`, `http_response_status_code`.
    public static let httpServerRequestsTotal = "http_server_requests_total"
    /// Counter of unhandled errors. Labels: `http_request_method`, `http_route`, `error_type`.
    public static let httpServerErrorsTotal = "http_server_errors_total"

    /// Gauge of pool connections by state. Labels: `pool_name`, `state` (`used` | `idle`).
    public static let dbClientConnectionsUsage = "db_client_connections_usage"
    /// Gauge of the pool's maximum size. Labels: `pool_name`.
    public static let dbClientConnectionsMax = "db_client_connections_max"
    /// Histogram (`Timer`) of the time spent waiting for a pool connection, in seconds. Labels: `pool_name`.
    public static let dbClientConnectionWaitSeconds = "db_client_connection_wait_seconds"

    /// Counter of cache hits (no labels).
    public static let cacheHitsTotal = "cache_hits_total"
    /// Counter of cache misses (no labels).
    public static let cacheMissesTotal = "cache_misses_total"

    /// Counter of AI provider calls. Labels: `provider`, `outcome`.
    public static let aiRequestsTotal = "ai_requests_total"
    /// Counter of AI tokens. Labels: `provider`, `direction` (`input` | `output`).
    public static let aiTokensTotal = "ai_tokens_total"
    /// Counter of calls refused by the platform budget. Labels: `budget` (`requests` | `tokens`).
    public static let aiBudgetRejectionsTotal = "ai_budget_rejections_total"

    /// Counter of CPU time (user + system) consumed by the process, in seconds (no labels).
    public static let processCPUSecondsTotal = "process_cpu_seconds_total"
    /// Gauge of resident memory, in bytes (no labels).
    public static let processResidentMemoryBytes = "process_resident_memory_bytes"
    /// Gauge of the process start time, in seconds since the Unix epoch (no labels).
    public static let processStartTimeSeconds = "process_start_time_seconds"
    /// Gauge of open file descriptors (no labels).
    public static let processOpenFDs = "process_open_fds"
    /// Counter: log lines dropped because the log reader fell behind (the sink's buffer was full).
    public static let logLinesDroppedTotal = "log_lines_dropped_total"

    /// Every name above, for tests and documentation.
    public static let all: [String] = [
        httpServerRequestDuration, httpServerActiveRequests, httpServerRequestsTotal, httpServerErrorsTotal,
        dbClientConnectionsUsage, dbClientConnectionsMax, dbClientConnectionWaitSeconds,
        cacheHitsTotal, cacheMissesTotal,
        aiRequestsTotal, aiTokensTotal, aiBudgetRejectionsTotal,
        processCPUSecondsTotal, processResidentMemoryBytes, processStartTimeSeconds, processOpenFDs,
        logLinesDroppedTotal,
    ]

    /// Recommended histogram buckets for request and wait durations, in seconds (OpenTelemetry's HTTP
    /// advice plus a 2 s bound so the `high_response_time` threshold is a bucket edge).
    public static let recommendedDurationBucketsSeconds: [Double] = [
        0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2, 2.5, 5, 7.5, 10,
    ]

    /// The same buckets as `Duration`s, the form swift-prometheus' `durationHistogramBuckets` takes.
    public static var recommendedDurationBuckets: [Duration] {
        recommendedDurationBucketsSeconds.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) }
    }

    /// The names of the duration histograms that should use ``recommendedDurationBuckets``.
    public static let durationHistograms: [String] = [httpServerRequestDuration, dbClientConnectionWaitSeconds]
}
