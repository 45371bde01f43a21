public import CourseDomain
public import Foundation

/// Video assets' processing state in memory: the stand-in for the assets code in tests and until it is wired.
public actor VideoAssetMemoryUpdates: VideoAssetUpdates {
    /// What is known of one asset.
    public struct Record: Sendable, Equatable {
        public var courseID: UUID
        public var status: String
        public var progress: Int
        public var outputs: VideoOutputs?
        public var media: VideoMedia?
        public var error: String?
        /// Every progress figure written, in order.
        public var progressHistory: [Int]
    }

    private var records: [UUID: Record] = [:]

    public init() {}

    /// Registers an uploaded video asset of `courseID` (status `processing`).
    public func add(assetID: UUID, courseID: UUID) {
        records[assetID] = Record(
            courseID: courseID, status: "processing", progress: 0, outputs: nil, media: nil, error: nil,
            progressHistory: [])
    }

    /// Forgets an asset (it was deleted).
    public func remove(assetID: UUID) { records[assetID] = nil }

    /// The asset's record.
    public func record(_ assetID: UUID) -> Record? { records[assetID] }

    public func courseID(ofAsset assetID: UUID) async throws -> UUID? { records[assetID]?.courseID }

    public func markProcessing(assetID: UUID, progress: Int) async throws {
        guard var record = records[assetID] else { return }
        record.status = "processing"
        record.progress = progress
        record.progressHistory.append(progress)
        records[assetID] = record
    }

    public func markReady(assetID: UUID, outputs: VideoOutputs) async throws {
        guard var record = records[assetID] else { return }
        record.status = "ready"
        record.progress = 100
        record.outputs = outputs
        record.media = outputs.media
        record.error = nil
        records[assetID] = record
    }

    public func markFailed(assetID: UUID, error: String, media: VideoMedia?) async throws {
        guard var record = records[assetID] else { return }
        record.status = "failed"
        record.error = error
        record.media = media
        records[assetID] = record
    }
}
