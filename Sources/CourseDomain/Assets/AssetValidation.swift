/// The rules of a declared upload (SPEC §14), each a `ValidationError` naming the field.
public enum AssetValidation {
    /// The most characters of a file name.
    public static let maxFilenameLength = 255

    /// A validated declaration: content type lower-cased without parameters, sha256 lower-cased.
    public static func validate(_ input: NewAsset, limits: AssetLimits) throws -> NewAsset {
        var valid = input
        valid.filename = try filename(input.filename)
        valid.contentType = try contentType(input.contentType, allowed: limits.allowedContentTypes)
        valid.sizeBytes = try size(input.sizeBytes, max: limits.maxUploadBytes)
        valid.sha256 = try input.sha256.map(sha256)
        return valid
    }

    /// 1-255 characters, no `/` or `\`, no control characters, not `.` or `..`.
    public static func filename(_ name: String) throws -> String {
        let count = name.unicodeScalars.count
        guard count >= 1 else { throw ValidationError(field: "filename", reason: "is required") }
        guard count <= maxFilenameLength else {
            throw ValidationError(field: "filename", reason: "must be at most 255 characters")
        }
        let badScalar = name.unicodeScalars.contains { scalar in
            scalar == "/" || scalar == "\\" || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator
        }
        guard !badScalar else {
            throw ValidationError(field: "filename", reason: "must not contain path separators or control characters")
        }
        guard name != ".", name != ".." else { throw ValidationError(field: "filename", reason: "is not a file name") }
        return name
    }

    /// A type of the allow-list (case-insensitive, parameters such as `; charset=utf-8` dropped).
    public static func contentType(_ raw: String, allowed: Set<String>) throws -> String {
        let type = (raw.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? "")
            .trimmingWhitespace().lowercased()
        guard allowed.contains(type) else {
            throw ValidationError(field: "content_type", reason: "is not an allowed content type")
        }
        return type
    }

    /// 1 byte up to `max`.
    public static func size(_ size: Int64, max: Int64) throws -> Int64 {
        guard size >= 1 else { throw ValidationError(field: "size_bytes", reason: "must be at least 1") }
        guard size <= max else { throw ValidationError(field: "size_bytes", reason: "must be at most \(max) bytes") }
        return size
    }

    /// 64 hexadecimal characters, returned lower-cased.
    public static func sha256(_ text: String) throws -> String {
        let lowered = text.lowercased()
        guard lowered.utf8.count == 64,
            lowered.utf8.allSatisfy({ byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            })
        else { throw ValidationError(field: "sha256", reason: "must be 64 hexadecimal characters") }
        return lowered
    }
}
