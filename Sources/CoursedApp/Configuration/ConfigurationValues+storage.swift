extension ConfigurationValues {
    /// Reads `storage.*` and its environment variables (SPEC §13, §14).
    mutating func applyStorage(to config: inout AppConfiguration) throws {
        var storage = AppConfiguration.Storage()
        storage.bucket = try text("storage.bucket", env: "STORAGE_BUCKET")
        storage.directory = try text("storage.dir", env: "STORAGE_DIR")
        storage.publicURL = try url(
            try text("storage.public_url", env: "STORAGE_PUBLIC_URL"), key: "storage.public_url",
            schemes: ["http", "https"])
        storage.maxUploadBytes = try integer(
            "storage.max_upload_bytes", default: storage.maxUploadBytes, range: 1...(5 * 1024 * 1024 * 1024 * 1024))
        storage.multipartThreshold = try integer(
            "storage.multipart_threshold", default: storage.multipartThreshold,
            range: (5 * 1024 * 1024)...(5 * 1024 * 1024 * 1024))
        if let types = try list("storage.allowed_content_types") {
            storage.allowedContentTypes = types.map { $0.lowercased() }
        }
        storage.uploadURLTTLSeconds = try integer("storage.upload_url_ttl", default: 900, range: 60...604_800)
        storage.downloadURLTTLSeconds = try integer("storage.download_url_ttl", default: 3600, range: 60...604_800)
        storage.cdnBaseURL = try url(
            try text("storage.cdn_base_url", env: "CDN_BASE_URL"), key: "storage.cdn_base_url",
            schemes: ["https", "http"])
        storage.cloudFrontKeyPairID = try text("storage.cloudfront_key_pair_id", env: "CLOUDFRONT_KEY_PAIR_ID")
        storage.cloudFrontPrivateKeyFile = try text(
            "storage.cloudfront_private_key_file", env: "CLOUDFRONT_PRIVATE_KEY_FILE")
        config.storage = storage
    }
}
