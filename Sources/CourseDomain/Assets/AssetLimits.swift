/// The storage settings the asset rules read (`storage.*`, SPEC §14).
public struct AssetLimits: Sendable, Equatable {
    /// `storage.max_upload_bytes` (5 GiB).
    public var maxUploadBytes: Int64
    /// `storage.multipart_threshold` (100 MiB): larger uploads are multipart.
    public var multipartThreshold: Int64
    /// `storage.allowed_content_types`.
    public var allowedContentTypes: Set<String>
    /// `storage.upload_url_ttl` in seconds (15 min).
    public var uploadURLTTLSeconds: Int
    /// `storage.download_url_ttl` in seconds (1 h).
    public var downloadURLTTLSeconds: Int
    /// The smallest part S3 accepts (all but the last): 5 MiB.
    public var minimumPartSize: Int64 = 5 * 1024 * 1024
    /// The largest part S3 accepts: 5 GiB.
    public var maximumPartSize: Int64 = 5 * 1024 * 1024 * 1024
    /// The most parts of one multipart upload.
    public var maximumParts: Int64 = 10_000

    /// The default allow-list of SPEC §14.
    public static let defaultContentTypes: Set<String> = [
        "video/mp4", "video/quicktime", "video/webm", "image/png", "image/jpeg", "image/webp", "application/pdf",
        "text/markdown", "text/plain",
    ]

    public init(
        maxUploadBytes: Int64 = 5 * 1024 * 1024 * 1024, multipartThreshold: Int64 = 100 * 1024 * 1024,
        allowedContentTypes: Set<String> = AssetLimits.defaultContentTypes, uploadURLTTLSeconds: Int = 900,
        downloadURLTTLSeconds: Int = 3600
    ) {
        self.maxUploadBytes = maxUploadBytes
        self.multipartThreshold = multipartThreshold
        self.allowedContentTypes = allowedContentTypes
        self.uploadURLTTLSeconds = uploadURLTTLSeconds
        self.downloadURLTTLSeconds = downloadURLTTLSeconds
    }

    /// The part size for a multipart upload of `size` bytes: at least the minimum, few enough parts, whole MiBs.
    public func partSize(for size: Int64) -> Int64 {
        let mebibyte: Int64 = 1024 * 1024
        let needed = (size + maximumParts - 1) / maximumParts
        let rounded = (max(minimumPartSize, needed) + mebibyte - 1) / mebibyte * mebibyte
        return min(rounded, maximumPartSize)
    }

    /// How many parts of `partSize` bytes hold `size` bytes.
    public func partCount(for size: Int64, partSize: Int64) -> Int {
        Int((size + partSize - 1) / partSize)
    }
}
