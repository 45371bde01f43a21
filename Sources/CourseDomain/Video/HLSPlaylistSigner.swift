import Foundation

/// Rewrites an HLS playlist (master or media) so that every URI a player fetches from it is a signed, expiring URL.
///
/// URIs are the non-comment lines and the `URI="..."` attributes of tags (`#EXT-X-MEDIA`, `#EXT-X-KEY`,
/// `#EXT-X-MAP`, `#EXT-X-I-FRAME-STREAM-INF`...). Each is resolved against `directory` (the playlist's key folder in
/// the store) and handed to `sign`, which returns the URL to write: a presigned S3 GET, a CloudFront signed URL, or
/// (for nested playlists) a URL of coursed's own that serves that playlist rewritten in turn.
public enum HLSPlaylistSigner {
    /// The playlist `text` with every URI replaced by `sign(key)`, where `key` is the URI resolved against
    /// `directory` (e.g. `courses/c/assets/a/hls/t` + `720p/index.m3u8`). Absolute URLs (`scheme://`) and URIs that
    /// climb out of `directory` are left to `sign` as nil-keyed: they are dropped from the output's tags and lines.
    public static func rewrite(_ text: String, directory: String, sign: (String) -> String) -> String {
        var output: [Substring] = []
        // "\r\n" is one Character in Swift: split on it as on "\n" and "\r".
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty {
                output.append(line)
            } else if trimmed.hasPrefix("#") {
                output.append(Substring(rewriteAttributes(String(line), directory: directory, sign: sign)))
            } else if let key = resolve(String(trimmed), against: directory) {
                output.append(Substring(sign(key)))
            }
            // A URI that is absolute or escapes the directory is not ours to serve: it is left out.
        }
        return output.joined(separator: "\n") + "\n"
    }

    /// The playlist's folder: `key` without its last path component.
    public static func directory(ofKey key: String) -> String {
        guard let slash = key.lastIndex(of: "/") else { return "" }
        return String(key[..<slash])
    }

    /// `uri` resolved against `directory` (`.` and `..` applied, query and fragment dropped); nil for an absolute
    /// URL or a path that leaves `directory`'s root.
    static func resolve(_ uri: String, against directory: String) -> String? {
        if uri.contains("://") || uri.hasPrefix("/") { return nil }
        var path = Substring(uri)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        var parts = directory.split(separator: "/").map(String.init)
        let floor = parts.count
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard parts.count > floor else { return nil }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        guard parts.count > floor else { return nil }
        return parts.joined(separator: "/")
    }

    /// A tag line with each `URI="..."` attribute replaced; a tag whose URI is not ours is dropped.
    private static func rewriteAttributes(_ line: String, directory: String, sign: (String) -> String) -> String {
        guard let range = line.range(of: "URI=\"") else { return line }
        let valueStart = range.upperBound
        guard let valueEnd = line[valueStart...].firstIndex(of: "\"") else { return line }
        let uri = String(line[valueStart..<valueEnd])
        guard let key = resolve(uri, against: directory) else { return "" }
        let rest = rewriteAttributes(String(line[line.index(after: valueEnd)...]), directory: directory, sign: sign)
        return String(line[..<valueStart]) + sign(key) + "\"" + rest
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
