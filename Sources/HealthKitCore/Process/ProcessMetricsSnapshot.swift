/// The process figures rendered under `metrics` in the health document.
public struct ProcessMetricsSnapshot: Sendable, Hashable {
    /// Seconds since the injected start instant (`uptime_seconds`).
    public var uptimeSeconds: Double
    /// Resident set size in bytes (`memory_rss_bytes`); 0 when the platform does not tell.
    public var memoryRSSBytes: Int
    /// User + system CPU time consumed by the process, in seconds (`cpu_seconds`).
    public var cpuSeconds: Double

    /// Creates a snapshot.
    public init(uptimeSeconds: Double, memoryRSSBytes: Int, cpuSeconds: Double) {
        self.uptimeSeconds = uptimeSeconds
        self.memoryRSSBytes = memoryRSSBytes
        self.cpuSeconds = cpuSeconds
    }
}
