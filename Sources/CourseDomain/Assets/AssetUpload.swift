public import Foundation

/// How the client uploads an asset's bytes: one signed `PUT`, or signed parts (SPEC §14).
public enum AssetUpload: Sendable, Equatable {
    case single(SignedObjectRequest, expiresAt: Date)
    case multipart(partSize: Int64, parts: [SignedPart], expiresAt: Date)

    /// One part's signed `PUT`.
    public struct SignedPart: Sendable, Equatable {
        public var partNumber: Int
        public var request: SignedObjectRequest

        public init(partNumber: Int, request: SignedObjectRequest) {
            self.partNumber = partNumber
            self.request = request
        }
    }
}

/// An asset with, once it is ready, a signed download URL.
public struct AssetView: Sendable, Equatable {
    public var asset: Asset
    public var downloadURL: String?
    public var downloadExpiresAt: Date?

    public init(asset: Asset, downloadURL: String? = nil, downloadExpiresAt: Date? = nil) {
        self.asset = asset
        self.downloadURL = downloadURL
        self.downloadExpiresAt = downloadExpiresAt
    }
}

/// What `coursed assets cleanup` did.
public struct AssetCleanupReport: Sendable, Equatable {
    /// Pending assets removed (their objects deleted).
    public var removedAssets: [Asset] = []
    /// Multipart uploads aborted.
    public var abortedUploads: [OpenMultipartUpload] = []

    public init(removedAssets: [Asset] = [], abortedUploads: [OpenMultipartUpload] = []) {
        self.removedAssets = removedAssets
        self.abortedUploads = abortedUploads
    }
}
