import Metrics
import Observability
import Prometheus
import Synchronization

/// The process-wide Prometheus registry behind swift-metrics; swift-metrics can be bootstrapped only once,
/// so every application built in this process shares it.
enum MetricsBootstrap {
    private static let installed = Mutex<PrometheusCollectorRegistry?>(nil)

    /// The registry, bootstrapping swift-metrics with a Prometheus factory on first use.
    static func registry() -> PrometheusCollectorRegistry {
        installed.withLock { registry in
            if let registry { return registry }
            let created = PrometheusCollectorRegistry()
            var factory = PrometheusMetricsFactory(registry: created)
            for name in MetricNames.durationHistograms {
                factory.durationHistogramBuckets[name] = MetricNames.recommendedDurationBuckets
            }
            MetricsSystem.bootstrap(factory)
            registry = created
            return created
        }
    }
}
