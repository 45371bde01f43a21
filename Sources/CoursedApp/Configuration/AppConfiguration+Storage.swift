extension AppConfiguration {
    /// `storage.*` (SPEC §14): the assets' bucket, or coursed's own store, limits, URL lifetimes and the CDN.
    public struct Storage: Sendable {
        /// `STORAGE_BUCKET`: on `S3_ENDPOINT` with the backup credentials; nil runs coursed's own store.
        public var bucket: String?
        /// `STORAGE_DIR`: where coursed's own store keeps files; nil keeps them in memory.
        public var directory: String?
        /// `STORAGE_PUBLIC_URL`: how clients reach this server for coursed's own signed URLs
        /// (default `http://<host>:<port>`).
        public var publicURL: String?
        public var maxUploadBytes = 5 * 1024 * 1024 * 1024
        public var multipartThreshold = 100 * 1024 * 1024
        public var allowedContentTypes: [String] = AssetLimitsDefaults.contentTypes
        public var uploadURLTTLSeconds = 900
        public var downloadURLTTLSeconds = 3600
        /// `CDN_BASE_URL`, `CLOUDFRONT_KEY_PAIR_ID`, `CLOUDFRONT_PRIVATE_KEY_FILE`: CloudFront signed downloads.
        public var cdnBaseURL: String?
        public var cloudFrontKeyPairID: String?
        public var cloudFrontPrivateKeyFile: String?

        public init() {}

        /// Whether all three CDN settings are given.
        public var cdnConfigured: Bool {
            cdnBaseURL != nil && cloudFrontKeyPairID != nil && cloudFrontPrivateKeyFile != nil
        }
    }
}

/// The default allow-list of SPEC §14, as configuration lists it.
public enum AssetLimitsDefaults {
    public static let contentTypes = [
        "video/mp4", "video/quicktime", "video/webm", "image/png", "image/jpeg", "image/webp", "application/pdf",
        "text/markdown", "text/plain",
    ]
}
