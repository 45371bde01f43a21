import Synchronization

/// Turns route templates into `http_route` values and caps how many distinct ones ever exist.
///
/// The router already hands over templates, not paths; the cap is the second wall, so that a wiring mistake
/// (passing the raw path) cannot grow `/metrics` without bound. Share one instance between the
/// ``RequestMonitor`` and the ``ErrorRecorder``.
public final class RouteLabeler: Sendable {
    /// How many distinct templates are kept before new ones are reported as `_OTHER`.
    public let maxDistinctRoutes: Int
    private let seen: Mutex<Set<String>>

    /// Creates a labeler that keeps at most `maxDistinctRoutes` distinct route labels.
    public init(maxDistinctRoutes: Int = 256) {
        self.maxDistinctRoutes = max(1, maxDistinctRoutes)
        self.seen = Mutex([])
    }

    /// The label for `template`: `unmatched` for nil or implausible templates, `_OTHER` past the cap.
    public func label(for template: String?) -> String {
        let route = HTTPLabel.route(template)
        if route == MetricLabels.unmatchedRoute { return route }
        return seen.withLock { seen in
            if seen.contains(route) { return route }
            guard seen.count < maxDistinctRoutes else { return MetricLabels.other }
            seen.insert(route)
            return route
        }
    }

    /// The number of distinct route labels handed out so far.
    public var distinctRouteCount: Int { seen.withLock { $0.count } }
}
