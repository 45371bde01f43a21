extension MetricNames {
    /// `# HELP` text for every metric name (swift-metrics has no place for it; see ``PrometheusExposition``).
    public static let help: [String: String] = [
        httpServerRequestDuration: "Duration of HTTP server requests, by method, route template and status.",
        httpServerActiveRequests: "HTTP server requests in flight, by method.",
        httpServerRequestsTotal: "HTTP server requests finished, by method, route template and status.",
        httpServerErrorsTotal: "Unhandled errors raised while serving HTTP requests, by method, route and error type.",
        dbClientConnectionsUsage: "Database pool connections, by pool and state (used or idle).",
        dbClientConnectionsMax: "Maximum number of connections of a database pool.",
        dbClientConnectionWaitSeconds: "Time spent waiting for a database pool connection.",
        cacheHitsTotal: "Cache lookups answered from the cache.",
        cacheMissesTotal: "Cache lookups that missed.",
        aiRequestsTotal: "Calls to AI providers, by provider and outcome.",
        aiTokensTotal: "Tokens used at AI providers, by provider and direction (input or output).",
        aiBudgetRejectionsTotal: "AI calls refused by the platform budget, by budget (requests or tokens).",
        processCPUSecondsTotal: "Total user and system CPU time spent, in seconds.",
        processResidentMemoryBytes: "Resident memory size, in bytes.",
        processStartTimeSeconds: "Start time of the process since the Unix epoch, in seconds.",
        processOpenFDs: "Number of open file descriptors.",
        logLinesDroppedTotal: "Log lines dropped because the log reader fell behind.",
    ]
}
