public import Foundation

/// Where completed video uploads go to be processed (SPEC §15); the video work provides the real queue.
public protocol VideoProcessingQueue: Sendable {
    /// Queues a processing job for asset `assetID` (already `processing`).
    func enqueue(assetID: UUID) async throws
    /// Cancels the job of a deleted asset, if any.
    func cancel(assetID: UUID) async
}

/// Queues nothing: until video processing exists, videos stay `processing`.
public struct DiscardingVideoProcessingQueue: VideoProcessingQueue {
    public init() {}

    public func enqueue(assetID: UUID) async throws {}

    public func cancel(assetID: UUID) async {}
}
