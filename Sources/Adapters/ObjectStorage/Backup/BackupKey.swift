import Foundation

/// Backup object names: `<prefix>database-<yyyyMMdd'T'HHmmss'Z'>.dump`, the time in UTC.
enum BackupKey {
    /// The key of a backup taken at `date`.
    static func make(prefix: String, date: Date) -> String {
        "\(prefix)database-\(SigV4Signer.amzDate(date)).dump"
    }

    /// The time in a backup key, or nil for a key of another shape.
    static func timestamp(of key: String) -> Date? {
        guard let start = key.range(of: "database-", options: .backwards)?.upperBound,
            key.hasSuffix(".dump")
        else { return nil }
        let stamp = key[start..<key.index(key.endIndex, offsetBy: -5)]
        guard stamp.count == 16 else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: String(stamp))
    }

    /// `2025-01-02T03:04:05Z`, the `timestamp` metadata.
    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
