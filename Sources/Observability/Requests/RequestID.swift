import Foundation

/// The `X-Request-ID` rules: a client's id is kept only when it is short and safe, else a fresh one is made.
public enum RequestID {
    /// The header carrying the request id.
    public static let headerName = "X-Request-ID"
    /// The longest id accepted from a client.
    public static let maxLength = 128

    /// `header` when it is 1...128 characters of `[A-Za-z0-9._:/=+@-]`, else a fresh id. Never returns CR, LF,
    /// spaces, quotes, control characters or non-ASCII, so the result is safe in headers and logs.
    public static func sanitize(_ header: String?) -> String {
        guard let header, isValid(header) else { return generate() }
        return header
    }

    /// Whether `candidate` is an acceptable id: 1...128 bytes of `[A-Za-z0-9._:/=+@-]` (base64 and `user@host`
    /// style ids included).
    public static func isValid(_ candidate: String) -> Bool {
        let bytes = candidate.utf8
        guard (1...maxLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
                UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "@"):
                true
            default:
                false
            }
        }
    }

    /// A fresh id: a random (version 4) UUID in lower case.
    ///
    /// Made from ``IdentifierRandom``: Foundation's `UUID()` opens and reads `/dev/urandom` on every call on Linux,
    /// which was a visible share of a cheap request's cost.
    public static func generate() -> String {
        let high = IdentifierRandom.next() & ~0xF000 | 0x4000  // version 4
        let low = IdentifierRandom.next() & ~(0xC000 << 48) | 0x8000 << 48  // RFC 4122 variant
        return IdentifierRandom.hex(high >> 32, digits: 8) + "-" + IdentifierRandom.hex(high >> 16, digits: 4) + "-"
            + IdentifierRandom.hex(high, digits: 4) + "-" + IdentifierRandom.hex(low >> 48, digits: 4) + "-"
            + IdentifierRandom.hex(low, digits: 12)
    }
}
