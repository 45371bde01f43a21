extension Duration {
    /// The duration in (fractional) seconds.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The duration in (fractional) milliseconds.
    public var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1_000 + Double(parts.attoseconds) / 1e15
    }

    /// Whole milliseconds, the rest cut (towards zero), saturating at the ends of `Int64`.
    public var wholeMilliseconds: Int64 {
        let parts = components
        let (scaled, overflow) = parts.seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return parts.seconds < 0 ? .min : .max }
        let (sum, sumOverflow) = scaled.addingReportingOverflow(parts.attoseconds / 1_000_000_000_000_000)
        return sumOverflow ? (scaled < 0 ? .min : .max) : sum
    }

    /// Whole milliseconds, any rest rounded up, saturating at the ends of `Int64`.
    public var wholeMillisecondsRoundedUp: Int64 {
        let whole = wholeMilliseconds
        let rest = components.attoseconds % 1_000_000_000_000_000
        return rest > 0 && whole < .max ? whole + 1 : whole
    }

    /// Whole nanoseconds, saturating at the ends of `Int64`.
    public var clampedNanoseconds: Int64 {
        let parts = components
        let (scaled, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return parts.seconds < 0 ? .min : .max }
        let (sum, sumOverflow) = scaled.addingReportingOverflow(parts.attoseconds / 1_000_000_000)
        return sumOverflow ? (scaled < 0 ? .min : .max) : sum
    }

    /// A duration of `seconds` seconds (negative and non-finite values become zero).
    public static func fromSeconds(_ seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return .zero }
        return .nanoseconds(Int64((Swift.min(seconds, 9e9) * 1e9).rounded()))
    }
}
