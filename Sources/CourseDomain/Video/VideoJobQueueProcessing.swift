public import Foundation

/// The assets' `VideoProcessingQueue` over the video job queue: completing a video upload queues its job, deleting
/// the asset cancels it (a running worker sees its lease lost at its next renewal, stops, and deletes its files).
public struct VideoJobQueueProcessing: VideoProcessingQueue {
    let queue: any VideoJobQueue

    public init(queue: any VideoJobQueue) {
        self.queue = queue
    }

    public func enqueue(assetID: UUID) async throws {
        _ = try await queue.enqueue(assetID: assetID)
    }

    public func cancel(assetID: UUID) async {
        // The asset is deleted either way; a job left queued finds no asset when claimed and is dropped then.
        _ = try? await queue.cancel(assetID: assetID)
    }
}
