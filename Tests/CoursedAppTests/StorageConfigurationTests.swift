import CourseDomain
import Foundation
import Testing

@testable import CoursedApp

/// `storage.*` and its environment variables (SPEC §13, §14).
struct StorageConfigurationTests {
    func load(_ yaml: String?, env: [String: String] = [:]) throws -> AppConfiguration {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        if let yaml {
            try yaml.write(to: dir.appendingPathComponent("development.yml"), atomically: true, encoding: .utf8)
        }
        return try ConfigurationLoader(environment: env, directory: dir.path).load()
    }

    @Test func defaultsAreTheEmbeddedStore() throws {
        let storage = try load(nil).storage
        #expect(storage.bucket == nil && storage.directory == nil && !storage.cdnConfigured)
        #expect(storage.maxUploadBytes == 5 * 1024 * 1024 * 1024)
        #expect(storage.multipartThreshold == 100 * 1024 * 1024)
        #expect(storage.uploadURLTTLSeconds == 900 && storage.downloadURLTTLSeconds == 3600)
        #expect(storage.allowedContentTypes.contains("video/mp4"))
    }

    @Test func fileAndEnvironmentAreRead() throws {
        let yaml = """
            development:
              storage:
                bucket: from-file
                multipart_threshold: 10485760
                allowed_content_types: application/pdf, IMAGE/PNG
                download_url_ttl: 600
            """
        let config = try load(
            yaml,
            env: [
                "STORAGE_BUCKET": "from-env", "CDN_BASE_URL": "https://cdn.example", "CLOUDFRONT_KEY_PAIR_ID": "K1",
                "CLOUDFRONT_PRIVATE_KEY_FILE": "/keys/cf.pem", "STORAGE_DIR": "/var/lib/coursed",
            ])
        #expect(config.storage.bucket == "from-env")
        #expect(config.storage.directory == "/var/lib/coursed")
        #expect(config.storage.multipartThreshold == 10 * 1024 * 1024)
        #expect(config.storage.allowedContentTypes == ["application/pdf", "image/png"])
        #expect(config.storage.downloadURLTTLSeconds == 600)
        #expect(config.storage.cdnConfigured)
        #expect(config.unknownKeys.isEmpty)
        let limits = AssetComposition.limits(config.storage)
        #expect(limits.allowedContentTypes == ["application/pdf", "image/png"])
    }

    @Test func badValuesNameTheKey() {
        #expect(throws: ConfigurationError.self) {
            _ = try load("development:\n  storage:\n    multipart_threshold: 1\n")
        }
        #expect(throws: ConfigurationError.self) { _ = try load(nil, env: ["CDN_BASE_URL": "ftp://cdn"]) }
    }
}
