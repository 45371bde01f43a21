import Foundation

/// Formats instants as RFC 3339 UTC with milliseconds: `2025-01-31T12:00:00.123Z`.
enum RFC3339 {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    static func string(from date: Date) -> String {
        date.formatted(style)
    }
}
