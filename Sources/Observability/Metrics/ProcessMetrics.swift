public import CoreMetrics
public import Foundation
import Synchronization

/// Publishes process metrics (CPU, resident memory, start time, open descriptors) sampled by the app.
///
/// Sampling itself lives with the health model (`HealthKitCore`); call
/// ``record(cpuSeconds:residentMemoryBytes:openFileDescriptors:)`` from a periodic task or before `/metrics`
/// renders.
public final class ProcessMetrics: Sendable {
    private let cpu: FloatingPointCounter
    private let resident: Gauge
    private let startTime: Gauge
    private let openFDs: Gauge
    private let lastCPU: Mutex<Double>

    /// Creates the process metrics in `factory`; `startTime` is when the process started.
    public init(factory: any MetricsFactory = MetricsSystem.factory, startTime: Date) {
        self.cpu = FloatingPointCounter(label: MetricNames.processCPUSecondsTotal, factory: factory)
        self.resident = Gauge(label: MetricNames.processResidentMemoryBytes, factory: factory)
        self.startTime = Gauge(label: MetricNames.processStartTimeSeconds, factory: factory)
        self.openFDs = Gauge(label: MetricNames.processOpenFDs, factory: factory)
        self.lastCPU = Mutex(0)
        self.startTime.record(startTime.timeIntervalSince1970)
    }

    /// Records a sample: cumulative CPU seconds (turned into counter increments), RSS, and open descriptors.
    public func record(cpuSeconds: Double, residentMemoryBytes: Int, openFileDescriptors: Int? = nil) {
        let delta = lastCPU.withLock { last -> Double in
            guard cpuSeconds.isFinite, cpuSeconds > last else { return 0 }
            defer { last = cpuSeconds }
            return cpuSeconds - last
        }
        if delta > 0 { cpu.increment(by: delta) }
        resident.record(residentMemoryBytes)
        if let openFileDescriptors { openFDs.record(openFileDescriptors) }
    }
}
