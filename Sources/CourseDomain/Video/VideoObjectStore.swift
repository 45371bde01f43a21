public import Foundation

/// The object store as the video pipeline uses it (S3, or coursed's own store): the upload read into a local file,
/// the outputs written and deleted (`VideoOutputStore`), playlists read back, and signed URLs for players.
///
/// File and network work runs off the cooperative pool in the implementations.
public protocol VideoObjectStore: VideoOutputStore {
    /// Copies object `key` into the local file `file`; false (and no file) when there is no such object.
    func download(key: String, to file: URL) async throws -> Bool
    /// The bytes of object `key` if it holds at most `limit` bytes; nil when there is no such object.
    /// - Throws: `VideoFailure(.storage, ...)` when it is larger.
    func read(key: String, limit: Int) async throws -> [UInt8]?
    /// A signed GET URL of object `key`, answered with `contentType`, valid until `expiresAt` (a presigned S3
    /// URL, a CloudFront signed URL, or a URL of coursed's own store).
    func signedURL(key: String, contentType: String, expiresAt: Date) throws -> String
}
