import Foundation

extension Duration {
    /// This duration in seconds, as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    /// This duration in whole nanoseconds, clamped to `Int64`.
    var clampedNanoseconds: Int64 {
        let parts = components
        let (scaled, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return parts.seconds < 0 ? .min : .max }
        let (sum, sumOverflow) = scaled.addingReportingOverflow(parts.attoseconds / 1_000_000_000)
        return sumOverflow ? (scaled < 0 ? .min : .max) : sum
    }

    /// A duration of `seconds` seconds (negative and non-finite values become zero).
    static func fromSeconds(_ seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return .zero }
        return .nanoseconds(Int64((Swift.min(seconds, 9e9) * 1e9).rounded()))
    }
}

extension Date {
    /// The whole second since the Unix epoch this date falls in (clamped, 0 for non-finite dates).
    var epochSecond: Int64 {
        let value = timeIntervalSince1970.rounded(.down)
        guard value.isFinite else { return 0 }
        return Int64(Swift.max(-9e15, Swift.min(9e15, value)))
    }
}
