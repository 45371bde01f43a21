/// A validated W3C Trace Context `traceparent` value.
///
/// Version `00` must be exactly `00-<trace id>-<parent id>-<flags>`. A later version (not `ff`) is read the way
/// the specification asks: its first three fields as in `00`, followed by nothing or by `-` and fields this
/// parser does not know, and only the `sampled` flag is kept. Only lower-case hex is accepted and the ids must
/// not be all zeros; anything else is rejected (`nil`), so a malformed header never travels further as given.
/// What this type writes is always version `00`.
public struct TraceParent: Sendable, Hashable, CustomStringConvertible {
    /// The header name.
    public static let headerName = "traceparent"
    /// The longest header of a future version accepted; longer ones are refused.
    public static let maxFutureLength = 512

    /// 32 lower-case hex digits, not all zero.
    public let traceID: String
    /// 16 lower-case hex digits, not all zero: the span id of the caller (or, for a child, of this span).
    public let parentID: String
    /// The trace flags; bit 0 is `sampled`.
    public let flags: UInt8

    /// Whether the caller sampled this trace.
    public var isSampled: Bool { flags & 0x01 != 0 }

    /// The header value: `00-<trace id>-<parent id>-<flags>`.
    public var headerValue: String { "00-\(traceID)-\(parentID)-\(IdentifierRandom.hex(UInt64(flags), digits: 2))" }

    /// The header value.
    public var description: String { headerValue }

    /// Parses a `traceparent` header; nil when absent or malformed.
    public init?(header: String?) {
        guard let header else { return nil }
        let bytes = Array(header.utf8)
        guard bytes.count >= 55, bytes.count <= Self.maxFutureLength,
            bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"), bytes[52] == UInt8(ascii: "-"),
            Self.isLowerHex(bytes[0..<2]), !(bytes[0] == UInt8(ascii: "f") && bytes[1] == UInt8(ascii: "f"))
        else { return nil }
        let isVersionZero = bytes[0] == UInt8(ascii: "0") && bytes[1] == UInt8(ascii: "0")
        // Version 00 has exactly four fields; a later version may append more after a dash.
        guard bytes.count == 55 || (!isVersionZero && bytes[55] == UInt8(ascii: "-")) else { return nil }
        let trace = bytes[3..<35]
        let parent = bytes[36..<52]
        let flagBytes = bytes[53..<55]
        guard Self.isLowerHex(trace), Self.isLowerHex(parent), Self.isLowerHex(flagBytes),
            !trace.allSatisfy({ $0 == UInt8(ascii: "0") }), !parent.allSatisfy({ $0 == UInt8(ascii: "0") }),
            let flags = UInt8(String(decoding: flagBytes, as: UTF8.self), radix: 16)
        else { return nil }
        self.traceID = String(decoding: trace, as: UTF8.self)
        self.parentID = String(decoding: parent, as: UTF8.self)
        // The other bits of a later version may mean something else: keep only `sampled`.
        self.flags = isVersionZero ? flags : flags & 0x01
    }

    private init(uncheckedTraceID traceID: String, parentID: String, flags: UInt8) {
        self.traceID = traceID
        self.parentID = parentID
        self.flags = flags
    }

    /// A new root trace with a random trace id and span id.
    public static func generate(sampled: Bool = true) -> TraceParent {
        let high = randomNonZero()
        let low = IdentifierRandom.next()
        return TraceParent(
            uncheckedTraceID: IdentifierRandom.hex(high, digits: 16) + IdentifierRandom.hex(low, digits: 16),
            parentID: IdentifierRandom.hex(randomNonZero(), digits: 16),
            flags: sampled ? 0x01 : 0x00
        )
    }

    /// The `traceparent` to send downstream from this server's span: same trace, a new span id, same flags.
    public func child() -> TraceParent {
        var spanID = IdentifierRandom.hex(Self.randomNonZero(), digits: 16)
        while spanID == parentID { spanID = IdentifierRandom.hex(Self.randomNonZero(), digits: 16) }
        return TraceParent(uncheckedTraceID: traceID, parentID: spanID, flags: flags)
    }

    private static func isLowerHex(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }

    private static func randomNonZero() -> UInt64 {
        IdentifierRandom.nextNonZero()
    }
}
