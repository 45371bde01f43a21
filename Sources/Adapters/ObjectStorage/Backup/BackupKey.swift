import CoreSupport
import Foundation

/// Backup object names: `<prefix>database-<yyyyMMdd'T'HHmmss'Z'>-<8 hex digits>.dump`, the time in UTC.
///
/// The random suffix keeps two backups taken in the same second (two databases, two hosts) from writing one key,
/// where the second would silently replace the first. Keys without it (older backups) are still read.
enum BackupKey {
    /// The key of a backup taken at `date`, with `suffix` (random by default) after the time.
    static func make(prefix: String, date: Date, suffix: String = randomSuffix()) -> String {
        "\(prefix)database-\(SigV4Signer.amzDate(date))-\(suffix).dump"
    }

    /// Eight random lower-case hex digits.
    static func randomSuffix() -> String {
        let value = UInt32.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The time in a backup key, or nil for a key of another shape.
    static func timestamp(of key: String) -> Date? {
        guard let start = key.range(of: "database-", options: .backwards)?.upperBound,
            key.hasSuffix(".dump")
        else { return nil }
        var stamp = key[start..<key.index(key.endIndex, offsetBy: -5)]
        if stamp.count == 25, stamp[stamp.index(stamp.startIndex, offsetBy: 16)] == "-",
            stamp.suffix(8).allSatisfy(\.isHexDigit)
        {
            stamp = stamp.prefix(16)
        }
        return RFC3339.parseCompact(stamp)
    }

    /// `2025-01-02T03:04:05Z`, the `timestamp` metadata.
    static func iso8601(_ date: Date) -> String {
        RFC3339.string(date, precision: .seconds)
    }
}
