public import Foundation

/// What HeadObject and GetObject tell about an object.
public struct ObjectInfo: Sendable, Equatable {
    public var key: String
    /// Size in bytes (`Content-Length`).
    public var size: Int64
    /// The entity tag, quotes included, as the store sent it.
    public var etag: String?
    public var lastModified: Date?
    public var contentType: String?
    /// User metadata (`x-amz-meta-*`), names lower-cased and without the prefix.
    public var metadata: [String: String]
    /// `x-amz-server-side-encryption` as stored, e.g. `AES256`.
    public var serverSideEncryption: String?

    public init(
        key: String, size: Int64, etag: String? = nil, lastModified: Date? = nil, contentType: String? = nil,
        metadata: [String: String] = [:], serverSideEncryption: String? = nil
    ) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.metadata = metadata
        self.serverSideEncryption = serverSideEncryption
    }
}

/// One entry of a ListObjectsV2 page.
public struct ObjectSummary: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var etag: String?
    public var lastModified: Date

    public init(key: String, size: Int64, etag: String? = nil, lastModified: Date) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// One ListObjectsV2 page; `nextContinuationToken` is set while more pages follow.
public struct ObjectListPage: Sendable, Equatable {
    public var objects: [ObjectSummary]
    public var nextContinuationToken: String?

    public init(objects: [ObjectSummary], nextContinuationToken: String?) {
        self.objects = objects
        self.nextContinuationToken = nextContinuationToken
    }
}

/// A multipart upload that was started and neither completed nor aborted.
public struct MultipartUploadSummary: Sendable, Equatable {
    public var key: String
    public var uploadID: String
    public var initiated: Date?

    public init(key: String, uploadID: String, initiated: Date?) {
        self.key = key
        self.uploadID = uploadID
        self.initiated = initiated
    }
}

/// An uploaded part, as CompleteMultipartUpload needs it.
public struct CompletedPart: Sendable, Equatable {
    public var partNumber: Int
    public var etag: String

    public init(partNumber: Int, etag: String) {
        self.partNumber = partNumber
        self.etag = etag
    }
}

/// The outcome of a DeleteObjects batch: keys deleted, and keys the store refused with its reason.
public struct DeleteObjectsResult: Sendable, Equatable {
    public var deleted: [String]
    public var failures: [Failure]

    /// A key the store did not delete.
    public struct Failure: Sendable, Equatable {
        public var key: String
        public var code: String
        public var message: String

        public init(key: String, code: String, message: String) {
            self.key = key
            self.code = code
            self.message = message
        }
    }

    public init(deleted: [String] = [], failures: [Failure] = []) {
        self.deleted = deleted
        self.failures = failures
    }
}

/// Headers of a write (PutObject, CreateMultipartUpload, CopyObject): content type and user metadata.
/// Server-side encryption comes from the client's configuration.
public struct ObjectWriteOptions: Sendable, Equatable {
    public var contentType: String?
    /// User metadata, sent as `x-amz-meta-<name>`; names and values must be printable ASCII.
    public var metadata: [String: String]

    public init(contentType: String? = nil, metadata: [String: String] = [:]) {
        self.contentType = contentType
        self.metadata = metadata
    }
}
