public import Foundation

/// Decides which progress figures are reported: a new percentage at most once per interval, and 100 always.
public struct VideoProgressThrottle: Sendable {
    /// The least time between two reports.
    public let interval: TimeInterval
    private var lastReportAt: Date?
    private var lastPercent: Int?

    public init(interval: Duration) {
        self.interval = interval.inSeconds
    }

    /// Whether `percent` (at `now`) is reported; if so it is remembered as the last report.
    public mutating func shouldReport(_ percent: Int, at now: Date) -> Bool {
        if percent == lastPercent { return false }
        if percent < 100, let lastReportAt, now.timeIntervalSince(lastReportAt) < interval { return false }
        lastReportAt = now
        lastPercent = percent
        return true
    }

    /// How long until the interval after the last report has passed (0 when it has, or nothing was reported; at
    /// most one interval, even if the clock stepped back since).
    public func timeUntilNextReport(at now: Date) -> TimeInterval {
        guard let lastReportAt else { return 0 }
        return max(0, min(interval, interval - now.timeIntervalSince(lastReportAt)))
    }

    /// The percentage (0-99 while working) for a fraction done; 100 is kept for the finished job.
    public static func percent(of fraction: Double) -> Int {
        guard fraction.isFinite else { return 0 }
        return min(99, max(0, Int((fraction * 100).rounded(.down))))
    }
}
