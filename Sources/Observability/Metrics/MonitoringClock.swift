public import Foundation

/// Tells the wall-clock time to the monitoring code; injected so tests control it.
public protocol MonitoringClock: Sendable {
    /// The current time.
    func now() -> Date
}

/// The system's wall clock.
public struct SystemMonitoringClock: MonitoringClock {
    /// Creates the system clock.
    public init() {}

    /// The current time.
    public func now() -> Date { Date() }
}
