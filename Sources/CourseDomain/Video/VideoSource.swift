public import Foundation

/// Where a worker reads an uploaded video from: the asset's object, copied to a local file or given as a URL that
/// ffmpeg reads directly (a presigned GET). Implemented by the assets code over its object store.
public protocol VideoSource: Sendable {
    /// The input for `assetID`'s upload: a local file written under `directory` (the job's scratch directory,
    /// deleted after the job), or a URL ffmpeg can read.
    /// - Throws: `VideoFailure(.storage, ...)` when the object cannot be read, `.unreadableInput` when it is gone.
    func input(assetID: UUID, into directory: URL) async throws -> URL
}
