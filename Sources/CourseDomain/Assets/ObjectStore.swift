public import Foundation

/// The object store of the assets (SPEC §14): S3, or coursed's own embedded store. Clients move the bytes with
/// the signed requests it issues; coursed only controls uploads, checks objects and deletes them.
public protocol ObjectStore: Sendable {
    /// A signed single `PUT` of `upload.size` bytes to `upload.key`, valid until `expiresAt`.
    func presignPut(_ upload: ObjectUpload, expiresAt: Date) async throws -> SignedObjectRequest
    /// Starts a multipart upload; returns its id.
    func createMultipartUpload(_ upload: ObjectUpload) async throws -> String
    /// A signed `PUT` of part `partNumber` (`size` bytes) of an open multipart upload.
    func presignPart(key: String, uploadID: String, partNumber: Int, size: Int64, expiresAt: Date)
        async throws -> SignedObjectRequest
    /// Assembles the parts; `DomainError` `.uploadIncomplete` when a part is missing or its ETag differs.
    func completeMultipartUpload(key: String, uploadID: String, parts: [UploadedPart]) async throws
    /// Discards an open multipart upload (no error when it is gone).
    func abortMultipartUpload(key: String, uploadID: String) async throws
    /// The object's size, or nil when there is no such object.
    func objectSize(key: String) async throws -> Int64?
    /// The SHA-256 of the object's bytes (64 lowercase hex characters), read through; nil when there is no such
    /// object. Checks a declared checksum where the store cannot: a multipart upload (S3 checksums parts, not the
    /// whole object).
    func sha256(key: String) async throws -> String?
    /// Deletes one object (no error when it is missing).
    func deleteObject(key: String) async throws
    /// Deletes every object under `prefix`, and aborts the multipart uploads open there.
    func deletePrefix(_ prefix: String) async throws
    /// A signed download URL that names the file `download.filename` (RFC 6266 `filename*`).
    func downloadURL(_ download: ObjectDownload, expiresAt: Date) async throws -> String
    /// Multipart uploads under `prefix` opened before `date`.
    func openMultipartUploads(prefix: String, initiatedBefore date: Date) async throws -> [OpenMultipartUpload]
}

/// An object to upload: where, its content type, exact size and (optionally) its SHA-256 in hex.
public struct ObjectUpload: Sendable, Equatable {
    public var key: String
    public var contentType: String
    public var size: Int64
    public var sha256: String?

    public init(key: String, contentType: String, size: Int64, sha256: String? = nil) {
        self.key = key
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
    }
}

/// An object to download, with the name and type the browser should see.
public struct ObjectDownload: Sendable, Equatable {
    public var key: String
    public var filename: String
    public var contentType: String

    public init(key: String, filename: String, contentType: String) {
        self.key = key
        self.filename = filename
        self.contentType = contentType
    }
}

/// A request the client sends exactly as given: method, URL and header fields (in order).
public struct SignedObjectRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [ObjectHeader]

    public init(method: String, url: String, headers: [ObjectHeader] = []) {
        self.method = method
        self.url = url
        self.headers = headers
    }
}

/// One header field of a signed request.
public struct ObjectHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A part the client uploaded, as it reports it to `complete`.
public struct UploadedPart: Sendable, Equatable {
    public var partNumber: Int
    public var etag: String

    public init(partNumber: Int, etag: String) {
        self.partNumber = partNumber
        self.etag = etag
    }
}

/// A multipart upload still open in the store.
public struct OpenMultipartUpload: Sendable, Equatable {
    public var key: String
    public var uploadID: String

    public init(key: String, uploadID: String) {
        self.key = key
        self.uploadID = uploadID
    }
}
