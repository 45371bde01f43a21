/// What a client declares when it starts an upload (`POST /api/courses/{id}/assets`), unvalidated.
public struct NewAsset: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var sizeBytes: Int64
    public var sha256: String?

    public init(filename: String, contentType: String, sizeBytes: Int64, sha256: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
    }
}
