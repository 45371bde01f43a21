public import Foundation

/// A file attached to a course (SPEC §14): its metadata here, its bytes in the object store under `storageKey`.
public struct Asset: Sendable, Hashable {
    public var id: UUID
    public var courseID: UUID
    public var kind: AssetKind
    /// The original file name, shown in `Content-Disposition` on download.
    public var filename: String
    public var contentType: String
    public var sizeBytes: Int64
    /// The declared SHA-256 (64 lower-case hex characters), signed into the upload.
    public var sha256: String?
    public var status: AssetStatus
    /// Why the asset failed.
    public var error: String?
    /// Processing progress, 0-100 (videos).
    public var progress: Int?
    /// What processing found out (duration, dimensions, codecs of a video).
    public var media: [String: JSONValue]?
    /// The object's key: `courses/{course_id}/assets/{asset_id}/original`.
    public var storageKey: String
    /// The multipart upload id while a multipart upload is open.
    public var uploadID: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, courseID: UUID, kind: AssetKind, filename: String, contentType: String, sizeBytes: Int64,
        sha256: String? = nil, status: AssetStatus = .pending, error: String? = nil, progress: Int? = nil,
        media: [String: JSONValue]? = nil, storageKey: String, uploadID: String? = nil, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.courseID = courseID
        self.kind = kind
        self.filename = filename
        self.contentType = contentType
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
        self.status = status
        self.error = error
        self.progress = progress
        self.media = media
        self.storageKey = storageKey
        self.uploadID = uploadID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Every object of asset `id` of course `courseID` lives under this prefix.
    public static func prefix(courseID: UUID, assetID: UUID) -> String {
        "\(coursePrefix(courseID))assets/\(assetID.uuidString.lowercased())/"
    }

    /// Every object of every asset of course `courseID` lives under this prefix.
    public static func coursePrefix(_ courseID: UUID) -> String {
        "courses/\(courseID.uuidString.lowercased())/"
    }

    /// The prefix of this asset's objects (the original, and processing outputs).
    public var prefix: String { Self.prefix(courseID: courseID, assetID: id) }
}
