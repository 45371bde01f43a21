/// A position in PostgreSQL's write-ahead log (`pg_lsn`, written `16/B374D848`): what a write produced, and how far
/// a replica has replayed.
public struct PostgresLSN: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 64-bit position.
    public var value: UInt64

    /// A position from its 64-bit value.
    public init(_ value: UInt64) {
        self.value = value
    }

    /// Parses PostgreSQL's text form `XXXXXXXX/XXXXXXXX` (hexadecimal halves); nil for anything else.
    public init?(_ text: some StringProtocol) {
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, (1...8).contains(halves[0].count), (1...8).contains(halves[1].count),
            let high = UInt64(halves[0], radix: 16), let low = UInt64(halves[1], radix: 16)
        else { return nil }
        self.value = high << 32 | low
    }

    /// PostgreSQL's text form.
    public var description: String {
        String(value >> 32, radix: 16, uppercase: true) + "/" + String(value & 0xFFFF_FFFF, radix: 16, uppercase: true)
    }

    public static func < (lhs: PostgresLSN, rhs: PostgresLSN) -> Bool { lhs.value < rhs.value }
}
