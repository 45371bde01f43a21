/// A request's query string decoded as browsers encode forms (`application/x-www-form-urlencoded`): `+` is a
/// space, then `%XX` escapes are decoded. A malformed escape is kept as written; the first of repeated names wins.
struct FormQuery: Sendable {
    private var values: [String: String] = [:]

    /// The parameters of `query` (the part of the URI after `?`, without it).
    init(_ query: String?) {
        guard let query else { return }
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            if values[name] == nil { values[name] = parts.count > 1 ? Self.decode(parts[1]) : "" }
        }
    }

    /// The value of parameter `name`, if present.
    subscript(_ name: String) -> String? { values[name] }

    /// `+` to space, `%XX` to its byte; the bytes read as UTF-8 (invalid sequences become U+FFFD).
    static func decode(_ encoded: Substring.UTF8View) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let byte = encoded[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = hexDigit(encoded, encoded.index(after: index)),
                let low = hexDigit(encoded, encoded.index(index, offsetBy: 2, limitedBy: encoded.endIndex))
            {
                bytes.append(high << 4 | low)
                index = encoded.index(index, offsetBy: 3)
                continue
            } else {
                bytes.append(byte)
            }
            index = encoded.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexDigit(_ text: Substring.UTF8View, _ index: Substring.UTF8View.Index?) -> UInt8? {
        guard let index, index < text.endIndex else { return nil }
        switch text[index] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return text[index] - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return text[index] - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return text[index] - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
