public import Foundation

/// What the video pipeline needs of the course asset it processes: where it lives, and its status, progress,
/// media and error (SPEC §14, §15). Implemented by the assets code; `markReady`/`markFailed` also publish the
/// asset's `asset.ready` / `asset.failed` events there, since that code renders the asset.
public protocol VideoAssetUpdates: Sendable {
    /// The asset's course, nil when the asset no longer exists (deleted: the job is dropped).
    func courseID(ofAsset assetID: UUID) async throws -> UUID?
    /// Status `processing`, with `progress` 0-100.
    func markProcessing(assetID: UUID, progress: Int) async throws
    /// Status `ready`, `progress` 100, `media` from the outputs; the outputs' keys are kept for playback.
    func markReady(assetID: UUID, outputs: VideoOutputs) async throws
    /// Status `failed` with `error`; `media` holds what the probe found, when it ran.
    func markFailed(assetID: UUID, error: String, media: VideoMedia?) async throws
}
