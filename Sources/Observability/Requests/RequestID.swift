import Foundation

/// The `X-Request-ID` rules: a client's id is kept only when it is short and safe, else a fresh one is made.
public enum RequestID {
    /// The header carrying the request id.
    public static let headerName = "X-Request-ID"
    /// The longest id accepted from a client.
    public static let maxLength = 128

    /// `header` when it is 1...128 characters of `[A-Za-z0-9._:-]`, else a fresh id. Never returns CR, LF,
    /// spaces, quotes or non-ASCII, so the result is safe in headers and logs.
    public static func sanitize(_ header: String?) -> String {
        guard let header, isValid(header) else { return generate() }
        return header
    }

    /// Whether `candidate` is an acceptable id: 1...128 bytes of `[A-Za-z0-9._:-]`.
    public static func isValid(_ candidate: String) -> Bool {
        let bytes = candidate.utf8
        guard (1...maxLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
                UInt8(ascii: "-"):
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
        var bytes = (IdentifierRandom.next(), IdentifierRandom.next())
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = raw[6] & 0x0F | 0x40  // version 4
            raw[8] = raw[8] & 0x3F | 0x80  // RFC 4122 variant
            let hex = Array("0123456789abcdef".utf8)
            var text: [UInt8] = []
            text.reserveCapacity(36)
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
                text.append(hex[Int(raw[index] >> 4)])
                text.append(hex[Int(raw[index] & 0x0F)])
            }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
