public import CoreMetrics
public import Logging
import Synchronization

/// Records unhandled errors: a `http_server_errors_total` increment and one `error` log line with the route,
/// request id and trace id. The error's text goes to the log only (redacted); clients get ``clientMessage``.
public final class ErrorRecorder: Sendable {
    private struct Key: Hashable {
        let method: String
        let route: String
        let errorType: String
    }

    /// The only thing a client is told about an unhandled error.
    public static let clientMessage = "Internal server error"
    /// The longest error text logged; longer text is cut.
    public static let maxLoggedErrorLength = 2048

    private let factory: any MetricsFactory
    private let logger: Logger
    private let routes: RouteLabeler
    private let counters: Mutex<[Key: Counter]>

    /// Creates a recorder counting into `factory` and logging to `logger`; share `routes` with the
    /// ``RequestMonitor`` so both bound `http_route` the same way.
    public init(factory: any MetricsFactory = MetricsSystem.factory, logger: Logger, routes: RouteLabeler) {
        self.factory = factory
        self.logger = logger
        self.routes = routes
        self.counters = Mutex([:])
    }

    /// Counts and logs `error`, raised while serving `method` `route` for request `requestID` (in trace
    /// `traceID`, logged when it is 32 lower-case hex digits).
    public func record(_ error: any Error, method: String, route: String?, requestID: String, traceID: String? = nil) {
        let key = Key(
            method: HTTPLabel.method(method), route: routes.label(for: route), errorType: HTTPLabel.errorType(error))
        counter(for: key).increment()
        var text = Redaction.redact(String(describing: error))
        if text.utf8.count > Self.maxLoggedErrorLength {
            text = String(decoding: text.utf8.prefix(Self.maxLoggedErrorLength), as: UTF8.self) + "..."
        }
        var metadata: Logger.Metadata = [
            "request_id": .string(RequestID.isValid(requestID) ? requestID : "invalid"),
            "method": .string(key.method),
            "route": .string(key.route),
            "error_type": .string(key.errorType),
            "error_message": .string(text),
        ]
        if let traceID = RequestLog.validTraceID(traceID) { metadata["trace_id"] = .string(traceID) }
        logger.error("unhandled error", metadata: metadata)
    }

    private func counter(for key: Key) -> Counter {
        counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(
                label: MetricNames.httpServerErrorsTotal,
                dimensions: [
                    (MetricLabels.httpRequestMethod, key.method),
                    (MetricLabels.httpRoute, key.route),
                    (MetricLabels.errorType, key.errorType),
                ],
                factory: factory
            )
            counters[key] = counter
            return counter
        }
    }
}
