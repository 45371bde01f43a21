/// Masks secrets in free text before it is logged: passwords in URLs, secret-looking parameters, bearer tokens.
///
/// - `scheme://user:password@host` -> `scheme://user:***@host`
/// - `password=...`, `token=...`, `key=...`, `api_key=...`, `X-Amz-Signature=...` (query strings, libpq
///   keyword strings, form bodies) -> `password=***`
/// - `Bearer abc...` / `Basic abc...` -> `Bearer ***`
public enum Redaction {
    /// What replaces a secret.
    public static let mask = "***"

    /// Parameter names treated as secrets when they match exactly (case-insensitive).
    static let exactSecretNames: Set<String> = [
        "key", "apikey", "pass", "pwd", "auth", "authorization", "signature", "sig", "credential", "credentials",
        "x-amz-signature", "x-amz-credential", "x-amz-security-token", "sslpassword", "client_secret",
    ]

    /// Parameter names treated as secrets when they contain one of these (case-insensitive).
    static let secretFragments = ["password", "passwd", "secret", "token", "api_key", "api-key", "apikey", "private"]

    /// Parameter names treated as secrets when they end with one of these (case-insensitive).
    static let secretSuffixes = ["_key", "-key", ".key"]

    /// `text` with every recognised secret replaced by ``mask``.
    public static func redact(_ text: String) -> String {
        var bytes = Array(text.utf8)
        bytes = redactURLUserInfo(bytes)
        bytes = redactParameters(bytes)
        bytes = redactAuthorizationSchemes(bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a parameter named `name` holds a secret.
    public static func isSecretName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if exactSecretNames.contains(lowered) { return true }
        if secretFragments.contains(where: { lowered.contains($0) }) { return true }
        return secretSuffixes.contains(where: { lowered.hasSuffix($0) })
    }

    // MARK: - URL user info

    private static func redactURLUserInfo(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            guard matches(input, at: index, "://") else {
                out.append(input[index])
                index += 1
                continue
            }
            out.append(contentsOf: Array("://".utf8))
            index += 3
            // The authority runs to the first '/', '?', '#' or whitespace; its user info ends at the last '@'.
            var end = index
            while end < input.count, !isAuthorityTerminator(input[end]) { end += 1 }
            guard let at = input[index..<end].lastIndex(of: UInt8(ascii: "@")),
                let colon = input[index..<at].firstIndex(of: UInt8(ascii: ":"))
            else { continue }
            out.append(contentsOf: input[index...colon])
            if colon + 1 < at { out.append(contentsOf: Array(mask.utf8)) }
            index = at
        }
        return out
    }

    private static func isAuthorityTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "\t"),
            UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"),
            UInt8(ascii: ">"):
            true
        default: false
        }
    }

    // MARK: - name=value parameters

    private static func redactParameters(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            out.append(byte)
            index += 1
            guard byte == UInt8(ascii: "=") else { continue }
            var nameStart = index - 1
            while nameStart > 0, isNameByte(input[nameStart - 1]) { nameStart -= 1 }
            let name = String(decoding: input[nameStart..<(index - 1)], as: UTF8.self)
            guard !name.isEmpty, isSecretName(name), index < input.count else { continue }
            let valueEnd = endOfValue(input, from: index)
            guard valueEnd > index else { continue }
            if input[index] == UInt8(ascii: "'") || input[index] == UInt8(ascii: "\"") {
                out.append(input[index])
                out.append(contentsOf: Array(mask.utf8))
                if valueEnd - 1 > index, input[valueEnd - 1] == input[index] { out.append(input[index]) }
            } else {
                out.append(contentsOf: Array(mask.utf8))
            }
            index = valueEnd
        }
        return out
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default: false
        }
    }

    /// The end of a value starting at `start`: a quoted value runs to its closing quote, a bare one to the
    /// next separator (`&`, `;`, `#`, whitespace, quote, `)` or `>`).
    private static func endOfValue(_ input: [UInt8], from start: Int) -> Int {
        let first = input[start]
        if first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") {
            var end = start + 1
            while end < input.count {
                if input[end] == UInt8(ascii: "\\") {
                    end += 2
                    continue
                }
                if input[end] == first { return end + 1 }
                end += 1
            }
            return input.count
        }
        var end = start
        while end < input.count {
            switch input[end] {
            case UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "\t"),
                UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ")"),
                UInt8(ascii: ">"):
                return end
            default:
                end += 1
            }
        }
        return min(end, input.count)
    }

    // MARK: - Authorization schemes

    private static func redactAuthorizationSchemes(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let scheme = ["bearer ", "basic "].first { matchesCaseInsensitive(input, at: index, $0) }
            guard let scheme, index == 0 || !isNameByte(input[index - 1]) else {
                out.append(input[index])
                index += 1
                continue
            }
            out.append(contentsOf: input[index..<(index + scheme.utf8.count)])
            index += scheme.utf8.count
            var end = index
            while end < input.count, isTokenByte(input[end]) { end += 1 }
            if end > index, input[index..<end].elementsEqual(Array(mask.utf8)) == false {
                out.append(contentsOf: Array(mask.utf8))
            } else {
                out.append(contentsOf: input[index..<end])
            }
            index = end
        }
        return out
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        isNameByte(byte) || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            || byte == UInt8(ascii: "=")
    }

    // MARK: - Helpers

    private static func matches(_ input: [UInt8], at index: Int, _ literal: String) -> Bool {
        let pattern = Array(literal.utf8)
        guard index + pattern.count <= input.count else { return false }
        return input[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private static func matchesCaseInsensitive(_ input: [UInt8], at index: Int, _ literal: String) -> Bool {
        let pattern = Array(literal.utf8)
        guard index + pattern.count <= input.count else { return false }
        return zip(input[index..<(index + pattern.count)], pattern).allSatisfy { lhs, rhs in
            lhs == rhs || (lhs >= UInt8(ascii: "A") && lhs <= UInt8(ascii: "Z") && lhs + 32 == rhs)
        }
    }
}
