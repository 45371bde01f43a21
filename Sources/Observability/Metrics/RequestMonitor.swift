public import CoreMetrics
public import CoreSupport
import Synchronization

/// Records HTTP server metrics with a bounded label set; the logic behind the HTTP middleware.
///
/// Call ``begin(method:)`` when a request arrives and ``end(_:route:status:)`` once when its response is
/// known (also when the handler threw). Metrics go to the injected `MetricsFactory` (the app's Prometheus
/// factory, or `TestMetrics` in tests); each finished request also feeds the optional ``RequestStatsWindow``.
public final class RequestMonitor: Sendable {
    private struct SeriesKey: Hashable {
        let method: String
        let route: String
        let status: String
    }

    private struct Series: Sendable {
        let duration: CoreMetrics.Timer
        let requests: Counter
    }

    private let factory: any MetricsFactory
    /// The labeler that bounds `http_route` values.
    public let routes: RouteLabeler
    /// The window finished requests are recorded into, if any.
    public let statsWindow: RequestStatsWindow?
    private let clock: any WallClock
    private let series: Mutex<[SeriesKey: Series]>
    private let active: Mutex<[String: Meter]>

    /// Creates a monitor recording into `factory` (the global one by default).
    public init(
        factory: any MetricsFactory = MetricsSystem.factory,
        routes: RouteLabeler = RouteLabeler(),
        statsWindow: RequestStatsWindow? = nil,
        clock: any WallClock = SystemWallClock()
    ) {
        self.factory = factory
        self.routes = routes
        self.statsWindow = statsWindow
        self.clock = clock
        self.series = Mutex([:])
        self.active = Mutex([:])
    }

    /// Marks a request as in flight (raises `http_server_active_requests`) and starts its timer.
    public func begin(method: String) -> InFlightRequest {
        let label = HTTPLabel.method(method)
        activeMeter(method: label).increment()
        return InFlightRequest(method: label, start: ContinuousClock.now)
    }

    /// Ends a request begun with ``begin(method:)``, measuring its duration from the begin call.
    @discardableResult
    public func end(_ request: InFlightRequest, route: String?, status: Int) -> CompletedRequest {
        end(request, route: route, status: status, duration: ContinuousClock.now - request.start)
    }

    /// Ends a request begun with ``begin(method:)`` with an externally measured duration.
    @discardableResult
    public func end(_ request: InFlightRequest, route: String?, status: Int, duration: Duration) -> CompletedRequest {
        activeMeter(method: request.method).decrement()
        return record(methodLabel: request.method, route: route, status: status, duration: duration)
    }

    /// Records a finished request that was never marked in flight (no effect on the active gauge).
    @discardableResult
    public func record(method: String, route: String?, status: Int, duration: Duration) -> CompletedRequest {
        record(methodLabel: HTTPLabel.method(method), route: route, status: status, duration: duration)
    }

    private func record(methodLabel: String, route: String?, status: Int, duration: Duration) -> CompletedRequest {
        let completed = CompletedRequest(
            method: methodLabel,
            route: routes.label(for: route),
            status: status,
            statusLabel: HTTPLabel.status(status),
            duration: duration < .zero ? .zero : duration
        )
        let handles = series(
            for: SeriesKey(method: completed.method, route: completed.route, status: completed.statusLabel)
        )
        handles.duration.recordNanoseconds(completed.duration.clampedNanoseconds)
        handles.requests.increment()
        statsWindow?.record(duration: completed.duration, status: status, at: clock.now())
        return completed
    }

    private func series(for key: SeriesKey) -> Series {
        if let existing = series.withLock({ $0[key] }) { return existing }
        let dimensions = [
            (MetricLabels.httpRequestMethod, key.method),
            (MetricLabels.httpRoute, key.route),
            (MetricLabels.httpResponseStatusCode, key.status),
        ]
        let created = Series(
            duration: CoreMetrics.Timer(
                label: MetricNames.httpServerRequestDuration, dimensions: dimensions, factory: factory
            ),
            requests: Counter(label: MetricNames.httpServerRequestsTotal, dimensions: dimensions, factory: factory)
        )
        return series.withLock { cache in
            if let raced = cache[key] { return raced }
            cache[key] = created
            return created
        }
    }

    private func activeMeter(method: String) -> Meter {
        active.withLock { meters in
            if let meter = meters[method] { return meter }
            let meter = Meter(
                label: MetricNames.httpServerActiveRequests,
                dimensions: [(MetricLabels.httpRequestMethod, method)],
                factory: factory
            )
            meters[method] = meter
            return meter
        }
    }
}
