/// Label keys and fixed label values used with ``MetricNames``.
public enum MetricLabels {
    /// OpenTelemetry `http.request.method`.
    public static let httpRequestMethod = "http_request_method"
    /// OpenTelemetry `http.route`: the route template, never the raw path.
    public static let httpRoute = "http_route"
    /// OpenTelemetry `http.response.status_code`.
    public static let httpResponseStatusCode = "http_response_status_code"
    /// OpenTelemetry `error.type`.
    public static let errorType = "error_type"
    /// OpenTelemetry `db.client.connection.pool.name`.
    public static let poolName = "pool_name"
    /// OpenTelemetry `db.client.connection.state` (`used` | `idle`).
    public static let state = "state"
    /// The AI provider (`anthropic`, `gemini`, ...).
    public static let provider = "provider"
    /// The outcome of an AI call (see ``AIOutcome``).
    public static let outcome = "outcome"
    /// Token direction: `input` | `output`.
    public static let direction = "direction"
    /// Which platform budget refused a call: `requests` | `tokens`.
    public static let budget = "budget"

    /// The single `http_route` value of every request no route matched.
    public static let unmatchedRoute = "unmatched"
    /// OpenTelemetry's value for methods outside the standard set, and for overflowing label sets.
    public static let other = "_OTHER"
}
