/// The field rules of the platform, each throwing a `ValidationError` that names the field.
public enum Validate {
    /// The most characters (Unicode scalars, as PostgreSQL counts them) of a course title.
    public static let maxTitleLength = 500
    /// The most characters of a category.
    public static let maxCategoryLength = 100
    /// The most characters of a description.
    public static let maxDescriptionLength = 100_000
    /// The most characters of a display name.
    public static let maxNameLength = 200

    /// Trims, lower-cases and checks an email address.
    public static func email(_ raw: String, field: String = "email") throws -> String {
        let email = raw.trimmingWhitespace().lowercased()
        guard !email.isEmpty else { throw ValidationError(field: field, reason: "is required") }
        guard email.unicodeScalars.count <= 254 else { throw ValidationError(field: field, reason: "is too long") }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let allowed = email.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F }
        guard allowed, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
            parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !parts[1].contains(".."), !email.contains("\"")
        else { throw ValidationError(field: field, reason: "is not a valid email address") }
        return email
    }

    /// Checks a password: 8 to 72 bytes of UTF-8 (bcrypt reads no further).
    public static func password(_ password: String, field: String = "password") throws {
        let bytes = password.utf8.count
        guard bytes >= 8 else { throw ValidationError(field: field, reason: "must be at least 8 characters") }
        guard bytes <= 72 else { throw ValidationError(field: field, reason: "must be at most 72 bytes") }
        guard !password.unicodeScalars.contains("\0") else {
            throw ValidationError(field: field, reason: "must not contain NUL characters")
        }
    }

    /// Trims and checks a required title.
    public static func title(_ raw: String) throws -> String {
        try text(raw, field: "title", max: maxTitleLength, allowEmpty: false)
    }

    /// Trims and checks an optional category; empty means none.
    public static func category(_ raw: String?) throws -> String? {
        try optionalText(raw, field: "category", max: maxCategoryLength)
    }

    /// Checks an optional description (kept as written, not trimmed).
    public static func description(_ raw: String?) throws -> String? {
        guard let raw else { return nil }
        try plain(raw, field: "description", max: maxDescriptionLength)
        return raw
    }

    /// Trims and checks an optional display name.
    public static func name(_ raw: String?) throws -> String? {
        try optionalText(raw, field: "name", max: maxNameLength)
    }

    /// Checks a JSON document that will be stored as JSONB: no NUL characters anywhere.
    public static func document(_ members: [String: JSONValue], field: String) throws {
        func check(_ value: JSONValue) -> Bool {
            switch value {
            case .string(let text): return !text.unicodeScalars.contains("\0")
            case .array(let items): return items.allSatisfy(check)
            case .object(let members):
                return members.allSatisfy { !$0.key.unicodeScalars.contains("\0") && check($0.value) }
            case .null, .bool, .integer, .number: return true
            }
        }
        guard check(.object(members)) else {
            throw ValidationError(field: field, reason: "must not contain NUL characters")
        }
    }

    /// A page size: 1 to 100, 20 when absent.
    public static func limit(_ raw: Int?) throws -> Int {
        guard let raw else { return 20 }
        guard (1...100).contains(raw) else {
            throw ValidationError(field: "limit", reason: "must be between 1 and 100")
        }
        return raw
    }

    private static func optionalText(_ raw: String?, field: String, max: Int) throws -> String? {
        guard let raw else { return nil }
        let value = try text(raw, field: field, max: max, allowEmpty: true)
        return value.isEmpty ? nil : value
    }

    private static func text(_ raw: String, field: String, max: Int, allowEmpty: Bool) throws -> String {
        let value = raw.trimmingWhitespace()
        guard allowEmpty || !value.isEmpty else { throw ValidationError(field: field, reason: "must not be empty") }
        try plain(value, field: field, max: max)
        return value
    }

    private static func plain(_ value: String, field: String, max: Int) throws {
        guard value.unicodeScalars.count <= max else {
            throw ValidationError(field: field, reason: "must be at most \(max) characters")
        }
        guard !value.unicodeScalars.contains("\0") else {
            throw ValidationError(field: field, reason: "must not contain NUL characters")
        }
    }
}

extension String {
    /// The string without leading and trailing white space and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
