import Foundation

extension Date {
    /// The whole second since the Unix epoch this date falls in (clamped, 0 for non-finite dates).
    var epochSecond: Int64 {
        let value = timeIntervalSince1970.rounded(.down)
        guard value.isFinite else { return 0 }
        return Int64(Swift.max(-9e15, Swift.min(9e15, value)))
    }
}
