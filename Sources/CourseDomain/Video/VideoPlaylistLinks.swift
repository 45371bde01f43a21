public import Foundation

/// coursed's own signed, expiring URLs of a video's playlists, which it serves rewritten (every URI in them
/// signed in turn). Implemented with an HMAC in the HTTP adapter; the key is shared by every instance.
public protocol VideoPlaylistLinks: Sendable {
    /// The URL of playlist `path` (relative to the outputs: `master.m3u8`, `720p/index.m3u8`) of asset `assetID`,
    /// valid until `expires` (Unix seconds).
    func url(assetID: UUID, path: String, expires: Int64) -> String
    /// Whether `signature` signs exactly this link and `now` is before `expires`.
    func isValid(assetID: UUID, path: String, expires: Int64, signature: String, now: Date) -> Bool
}
