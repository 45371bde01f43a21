public import Foundation

/// Where a worker writes the HLS files: every file of a local directory under a key prefix of the object store.
/// Implemented by the assets code over its object store (server-side encryption, content types).
public protocol VideoOutputStore: Sendable {
    /// Uploads every regular file under `directory` (recursively) to `prefix/<relative path>`.
    func upload(directory: URL, prefix: String) async throws
    /// Deletes every object under `prefix/` (nothing there is fine).
    func delete(prefix: String) async throws
}
