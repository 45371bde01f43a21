/// A `postgres://` URL split into the URL to pass on a command line (no password) and the password.
///
/// The password comes out of the user info (`user:password@`) and out of a `password=` query parameter,
/// percent-decoded as libpq decodes it. Everything else (hosts, port, database, `sslmode`...) stays as is.
public struct PostgresURL: Sendable, CustomStringConvertible {
    /// The URL without any password: safe for a command line and for messages.
    public let withoutPassword: String
    /// The password, if the URL had one; never log it.
    public let password: String?

    /// - Throws: `BackupError.invalidDatabaseURL` when `text` is not a `postgres://` or `postgresql://` URL.
    public init(_ text: String) throws(BackupError) {
        let lowered = text.lowercased()
        guard let schemeEnd = text.firstRange(of: "://"),
            lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
        else { throw .invalidDatabaseURL("must be a postgres:// or postgresql:// URL") }
        let scheme = text[..<schemeEnd.upperBound]
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var tail = rest[authorityEnd...]
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                password = try Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
                authority = userInfo[..<colon] + authority[at...]
            }
        }
        if let question = tail.firstIndex(of: "?") {
            let path = tail[..<question]
            var kept: [Substring] = []
            for pair in tail[tail.index(after: question)...].split(separator: "&", omittingEmptySubsequences: true) {
                if pair.lowercased().hasPrefix("password=") {
                    password = try Self.percentDecoded(pair.dropFirst("password=".count))
                } else {
                    kept.append(pair)
                }
            }
            tail = kept.isEmpty ? path : path + "?" + kept.joined(separator: "&")
        }
        self.withoutPassword = String(scheme + authority + tail)
        self.password = password
    }

    public var description: String { withoutPassword }

    private static func percentDecoded(_ text: Substring) throws(BackupError) -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let high = utf8.index(after: index)
                guard high < utf8.endIndex, utf8.index(after: high) < utf8.endIndex,
                    let value = UInt8(
                        String(decoding: [utf8[high], utf8[utf8.index(after: high)]], as: UTF8.self), radix: 16)
                else { throw .invalidDatabaseURL("bad percent-encoding in the password") }
                bytes.append(value)
                index = utf8.index(high, offsetBy: 2)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
