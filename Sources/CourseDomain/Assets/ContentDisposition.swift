/// `Content-Disposition` for a download (RFC 6266): an ASCII fallback `filename` and the exact name in
/// `filename*` (RFC 8187 UTF-8 percent-encoding), so no name can break out of the header.
public enum ContentDisposition {
    /// `attachment; filename="<ascii>"; filename*=UTF-8''<encoded>`.
    public static func attachment(filename: String) -> String {
        let fallback = String(
            String.UnicodeScalarView(
                filename.unicodeScalars.map { scalar in
                    (0x20..<0x7F).contains(scalar.value) && scalar != "\"" && scalar != "\\" && scalar != "%"
                        ? scalar : "_"
                }))
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encode(filename))"
    }

    /// RFC 8187 `attr-char`s kept, every other byte `%XX`.
    static func encode(_ text: String) -> String {
        let kept = Set("!#$&+-.^_`|~".utf8)
        var result = ""
        for byte in text.utf8 {
            let isAlphanumeric =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            if isAlphanumeric || kept.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true)
                    + String(byte & 0x0F, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
