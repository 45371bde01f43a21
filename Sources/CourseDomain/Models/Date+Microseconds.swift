public import Foundation

extension Date {
    /// A date from whole microseconds since 1970, the precision PostgreSQL keeps.
    public init(microsecondsSince1970 micros: Int64) {
        self.init(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// Whole microseconds since 1970 (rounded), the precision PostgreSQL keeps.
    public var microsecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// This date cut to microsecond precision, so it round-trips through PostgreSQL exactly.
    public var truncatedToMicroseconds: Date { Date(microsecondsSince1970: microsecondsSince1970) }
}
