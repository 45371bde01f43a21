/// A validated W3C Trace Context `tracestate` value, passed on unchanged in meaning.
///
/// It is a list of at most 32 `key=value` members with distinct keys, where keys and values follow the
/// specification's grammar (lower-case keys, optionally `tenant@system`; printable ASCII values without `,` or
/// `=`). Empty members and the optional spaces around commas are dropped; anything else malformed rejects the
/// whole header (`nil`), so it is never forwarded as given.
public struct TraceState: Sendable, Hashable, CustomStringConvertible {
    /// One `key=value` member.
    public struct Member: Sendable, Hashable {
        public let key: String
        public let value: String
    }

    /// The header name.
    public static let headerName = "tracestate"
    /// The most members a list may hold.
    public static let maxMembers = 32

    /// The members, left-most (most recently updated) first.
    public let members: [Member]

    /// The header value: the members joined by `,`.
    public var headerValue: String { members.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }

    /// The header value.
    public var description: String { headerValue }

    /// Parses a `tracestate` header (several header lines joined by `,`); nil when absent, empty or malformed.
    public init?(header: String?) {
        guard let header else { return nil }
        var members: [Member] = []
        var keys = Set<String>()
        for rawMember in header.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let member = Self.trimmed(rawMember)
            if member.isEmpty { continue }
            guard members.count < Self.maxMembers,
                let equals = member.firstIndex(of: UInt8(ascii: "=")),
                Self.isValidKey(member[member.startIndex..<equals]),
                Self.isValidValue(member[member.index(after: equals)...])
            else { return nil }
            let key = String(decoding: member[member.startIndex..<equals], as: UTF8.self)
            guard keys.insert(key).inserted else { return nil }
            members.append(
                Member(key: key, value: String(decoding: member[member.index(after: equals)...], as: UTF8.self)))
        }
        guard !members.isEmpty else { return nil }
        self.members = members
    }

    /// Drops the optional white space (space, tab) around a member.
    private static func trimmed(_ bytes: Substring.UTF8View.SubSequence) -> Substring.UTF8View.SubSequence {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    /// `simple-key` or `tenant-id@system-id`.
    private static func isValidKey(_ key: Substring.UTF8View.SubSequence) -> Bool {
        guard let at = key.firstIndex(of: UInt8(ascii: "@")) else {
            // simple-key = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
            guard let first = key.first, isLowerAlpha(first), (1...256).contains(key.count) else { return false }
            return key.allSatisfy(isKeyCharacter)
        }
        let tenant = key[key.startIndex..<at]
        let system = key[key.index(after: at)...]
        // tenant-id = ( lcalpha / DIGIT ) 0*240( keychar ); system-id = lcalpha 0*13( keychar )
        guard let tenantFirst = tenant.first, isLowerAlpha(tenantFirst) || isDigit(tenantFirst),
            (1...241).contains(tenant.count), tenant.allSatisfy(isKeyCharacter),
            let systemFirst = system.first, isLowerAlpha(systemFirst), (1...14).contains(system.count),
            system.allSatisfy(isKeyCharacter)
        else { return false }
        return true
    }

    /// value = 0*255(chr) nblk-chr; chr = %x20 / nblk-chr; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E.
    private static func isValidValue(_ value: Substring.UTF8View.SubSequence) -> Bool {
        guard let last = value.last, (1...256).contains(value.count), last != 0x20 else { return false }
        return value.allSatisfy { byte in
            (0x20...0x7E).contains(byte) && byte != UInt8(ascii: ",") && byte != UInt8(ascii: "=")
        }
    }

    private static func isKeyCharacter(_ byte: UInt8) -> Bool {
        isLowerAlpha(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "/")
    }

    private static func isLowerAlpha(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
