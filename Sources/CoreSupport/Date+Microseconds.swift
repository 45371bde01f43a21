public import Foundation

extension Date {
    /// A date from whole microseconds since 1970, the precision PostgreSQL keeps.
    public init(microsecondsSince1970 micros: Int64) {
        self.init(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// Whole microseconds since 1970 (rounded), the precision PostgreSQL keeps; dates beyond what 64 bits of
    /// microseconds hold (about 292,000 years either way) are clamped to the ends, never a trap.
    public var microsecondsSince1970: Int64 {
        let micros = (timeIntervalSince1970 * 1_000_000).rounded()
        // 2^63 is exactly representable as a Double; Int64.max is not (it rounds up to 2^63).
        if micros >= 9_223_372_036_854_775_808.0 { return .max }
        if micros < -9_223_372_036_854_775_808.0 { return .min }
        return micros.isNaN ? 0 : Int64(micros)
    }

    /// This date cut to microsecond precision, so it round-trips through PostgreSQL exactly.
    public var truncatedToMicroseconds: Date { Date(microsecondsSince1970: microsecondsSince1970) }
}
