public import Foundation

/// Where an instant falls in the fixed one-minute windows of a rate budget (UTC minutes since 1970).
public struct BudgetWindow: Sendable, Hashable {
    /// Whole minutes since 1970: the window's key.
    public var minute: Int64
    /// Whole seconds until the window ends, at least 1 (the `retry-after` of an exhausted budget).
    public var secondsLeft: Int

    /// The window holding `date`.
    public init(_ date: Date) {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        minute = millis >= 0 ? millis / 60_000 : (millis - 59_999) / 60_000
        let intoWindow = millis - minute * 60_000
        secondsLeft = max(1, Int((60_000 - intoWindow + 999) / 1000))
    }
}
