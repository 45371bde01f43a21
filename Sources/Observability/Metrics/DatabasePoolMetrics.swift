public import CoreMetrics
public import CoreSupport
import Foundation

/// Records one connection pool's gauges and wait times, and feeds its usage to the alert window.
public final class DatabasePoolMetrics: Sendable {
    /// The `pool_name` label value (e.g. `primary`, `replica`).
    public let poolName: String
    private let used: Gauge
    private let idle: Gauge
    private let maximum: Gauge
    private let wait: CoreMetrics.Timer
    private let usageWindow: PoolUsageWindow?
    private let clock: any WallClock

    /// Creates the metrics of pool `poolName`, recording into `factory` and, if given, `usageWindow`.
    public init(
        poolName: String = "primary",
        factory: any MetricsFactory = MetricsSystem.factory,
        usageWindow: PoolUsageWindow? = nil,
        clock: any WallClock = SystemWallClock()
    ) {
        self.poolName = poolName
        let name = (MetricLabels.poolName, poolName)
        self.used = Gauge(
            label: MetricNames.dbClientConnectionsUsage, dimensions: [name, (MetricLabels.state, "used")],
            factory: factory
        )
        self.idle = Gauge(
            label: MetricNames.dbClientConnectionsUsage, dimensions: [name, (MetricLabels.state, "idle")],
            factory: factory
        )
        self.maximum = Gauge(label: MetricNames.dbClientConnectionsMax, dimensions: [name], factory: factory)
        self.wait = CoreMetrics.Timer(
            label: MetricNames.dbClientConnectionWaitSeconds, dimensions: [name], factory: factory
        )
        self.usageWindow = usageWindow
        self.clock = clock
    }

    /// Records the pool's current state: connections in use, idle, and the pool's maximum size.
    public func record(used: Int, idle: Int, max: Int) {
        self.used.record(used)
        self.idle.record(idle)
        self.maximum.record(max)
        usageWindow?.record(pool: poolName, used: used, max: max, at: clock.now())
    }

    /// Records how long one acquisition waited for a connection.
    public func recordWait(_ duration: Duration) {
        wait.recordNanoseconds(Swift.max(.zero, duration).clampedNanoseconds)
    }
}
