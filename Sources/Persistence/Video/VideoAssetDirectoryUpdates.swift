public import CourseDomain
public import Foundation

/// Video assets' processing state as JSON files under a directory (`<root>/assets/<asset id>.json`): the stand-in
/// for the assets code that separate worker processes share until that code is wired (and what the process tests
/// read). A file is written whole (atomically), so readers never see half of one.
public struct VideoAssetDirectoryUpdates: VideoAssetUpdates {
    /// One asset's file.
    public struct Record: Sendable, Equatable, Codable {
        public var courseID: UUID
        public var status: String
        public var progress: Int
        public var media: VideoMedia?
        public var outputs: VideoOutputs?
        public var error: String?

        public init(courseID: UUID, status: String = "processing", progress: Int = 0) {
            self.courseID = courseID
            self.status = status
            self.progress = progress
        }

        enum CodingKeys: String, CodingKey {
            case courseID = "course_id"
            case status, progress, media, outputs, error
        }
    }

    /// The directory holding `assets/`.
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// The file of an asset.
    public func file(of assetID: UUID) -> URL {
        root.appendingPathComponent("assets").appendingPathComponent("\(assetID.uuidString.lowercased()).json")
    }

    /// The asset's record, nil when there is none.
    public func record(_ assetID: UUID) throws -> Record? {
        guard let data = FileManager.default.contents(atPath: file(of: assetID).path) else { return nil }
        return try JSONDecoder().decode(Record.self, from: data)
    }

    /// Writes an asset's record.
    public func write(_ record: Record, assetID: UUID) throws {
        let target = file(of: assetID)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(record).write(to: target, options: .atomic)
    }

    public func courseID(ofAsset assetID: UUID) async throws -> UUID? { try record(assetID)?.courseID }

    public func markProcessing(assetID: UUID, progress: Int) async throws {
        try update(assetID) { record in
            record.status = "processing"
            record.progress = progress
        }
    }

    public func markReady(assetID: UUID, outputs: VideoOutputs) async throws {
        try update(assetID) { record in
            record.status = "ready"
            record.progress = 100
            record.outputs = outputs
            record.media = outputs.media
            record.error = nil
        }
    }

    public func markFailed(assetID: UUID, error: String, media: VideoMedia?) async throws {
        try update(assetID) { record in
            record.status = "failed"
            record.error = error
            record.media = media
        }
    }

    private func update(_ assetID: UUID, _ change: (inout Record) -> Void) throws {
        guard var record = try record(assetID) else { return }
        change(&record)
        try write(record, assetID: assetID)
    }
}
