public import Foundation

/// The files of a job's output directory and their content types, for the stores that upload them.
public enum VideoOutputFiles {
    /// Every regular file under `directory` (recursively) with its path relative to it, sorted by path. Blocking:
    /// call it from a thread pool, not from the cooperative pool.
    public static func list(_ directory: URL) throws -> [(file: URL, relativePath: String)] {
        let base = directory.standardizedFileURL.resolvingSymlinksInPath().path
        guard
            let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        else { throw VideoFailure(.storage, "cannot list the outputs") }
        var files: [(file: URL, relativePath: String)] = []
        for case let file as URL in walker {
            guard (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let path = file.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(base + "/") else { continue }
            files.append((file, String(path.dropFirst(base.count + 1))))
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }

    /// The content type of an output, from its name: playlists, MPEG-TS and MP4 segments, the poster.
    public static func contentType(of key: String) -> String {
        let name = key.split(separator: "/").last.map(String.init) ?? key
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "m3u8": return "application/vnd.apple.mpegurl"
        case "ts": return "video/mp2t"
        case "m4s", "mp4": return "video/mp4"
        case "aac": return "audio/aac"
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "vtt": return "text/vtt"
        default: return "application/octet-stream"
        }
    }
}
