import HTTPTypes
import Hummingbird
import NIOCore
import Observability
public import Prometheus

/// `GET /metrics`: the Prometheus text exposition of the registry the app's metrics factory writes to.
struct MetricsRoutes: Sendable {
    let registry: PrometheusCollectorRegistry
    /// Refreshes gauges that are sampled rather than pushed (pool usage, process metrics) just before a scrape.
    let beforeScrape: @Sendable () async -> Void

    func register(on router: Router<APIRequestContext>) {
        router.get("/metrics") { _, _ in
            await beforeScrape()
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16 * 1024)
            registry.emit(into: &bytes)
            // swift-prometheus leaves HELP empty through swift-metrics; promtool wants it.
            bytes = PrometheusExposition.addingHelp(to: bytes)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}

/// What `/metrics` exposes.
public struct MetricsEndpoint: Sendable {
    public var registry: PrometheusCollectorRegistry
    public var beforeScrape: @Sendable () async -> Void

    public init(registry: PrometheusCollectorRegistry, beforeScrape: @escaping @Sendable () async -> Void = {}) {
        self.registry = registry
        self.beforeScrape = beforeScrape
    }
}
