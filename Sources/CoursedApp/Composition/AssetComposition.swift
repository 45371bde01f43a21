import CourseDomain
import CurlHTTPClient
import Foundation
import HTTPAPI
import Logging
import ObjectStorage
import Persistence
import ServiceLifecycle

/// The course assets of the app (SPEC §14): the object store (S3 with `STORAGE_BUCKET`, else coursed's own),
/// the use case, and the background service that retries object deletions.
struct AssetComposition: Sendable {
    var endpoints: AssetEndpoints
    var deletions: RetryingObjectDeletions
    var services: [any Service]
    /// One line for the start-up log.
    var summary: String
    /// The same store as the video pipeline uses it (SPEC §15).
    var videoStore: any VideoObjectStore

    /// - Parameter videos: where completed video uploads are queued (the video job queue).
    static func make(
        _ configuration: AppConfiguration, repository: any AssetRepository, courses: any CourseRepository,
        events: any EventPublisher, clock: any WallClock, logger: Logger,
        videos: any VideoProcessingQueue = DiscardingVideoProcessingQueue()
    ) throws -> AssetComposition {
        let storage = configuration.storage
        let objects: any CourseDomain.ObjectStore
        let videoStore: any VideoObjectStore
        var embedded: EmbeddedObjectStore?
        let summary: String
        if let bucket = storage.bucket {
            let client = try s3Client(configuration, bucket: bucket, logger: logger)
            let signer = try cdn(storage)
            objects = AssetS3Store(client: client, cdn: signer)
            videoStore = VideoS3ObjectStore(client: client, cdn: signer)
            summary = "assets in bucket \(bucket)\(storage.cdnConfigured ? ", delivered by the CDN" : "")"
        } else {
            let backend: any EmbeddedObjectBackend
            if let directory = storage.directory {
                backend = try EmbeddedDirectoryBackend(directory: directory)
                summary = "no STORAGE_BUCKET: assets kept by coursed under \(directory)"
            } else {
                backend = EmbeddedMemoryBackend()
                summary = "no STORAGE_BUCKET: assets kept by coursed in memory (lost on exit)"
            }
            let store = EmbeddedObjectStore(backend: backend, baseURL: publicBaseURL(configuration))
            embedded = store
            objects = store
            videoStore = VideoEmbeddedObjectStore(store: store)
        }
        let deletions = RetryingObjectDeletions(store: objects)
        let service = AssetService(
            assets: repository, courses: courses, store: objects, deletions: deletions, videos: videos,
            events: events, limits: limits(storage), clock: clock)
        return AssetComposition(
            endpoints: AssetEndpoints(service: service, embeddedStore: embedded), deletions: deletions,
            services: [ObjectDeletionRetryService(deletions: deletions, logger: logger)], summary: summary,
            videoStore: videoStore)
    }

    /// Where clients reach this server for coursed's own signed URLs: `STORAGE_PUBLIC_URL`, else the listener.
    static func publicBaseURL(_ configuration: AppConfiguration) -> String {
        configuration.storage.publicURL ?? "http://\(configuration.server.host):\(configuration.server.port)"
    }

    static func limits(_ storage: AppConfiguration.Storage) -> AssetLimits {
        AssetLimits(
            maxUploadBytes: Int64(storage.maxUploadBytes), multipartThreshold: Int64(storage.multipartThreshold),
            allowedContentTypes: Set(storage.allowedContentTypes), uploadURLTTLSeconds: storage.uploadURLTTLSeconds,
            downloadURLTTLSeconds: storage.downloadURLTTLSeconds)
    }

    /// The S3 client of the assets' bucket: `S3_ENDPOINT`, `AWS_REGION` and the backup credentials.
    static func s3Client(_ configuration: AppConfiguration, bucket: String, logger: Logger) throws -> S3Client {
        let backup = configuration.backup
        guard let key = backup.accessKeyID, let secret = backup.secretAccessKey?.value else {
            throw ConfigurationError(key: "storage.bucket", reason: "needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        let s3 = S3Configuration(
            endpoint: try backup.endpoint.map { try S3Endpoint(parsing: $0) }, region: backup.region, bucket: bucket,
            credentials: AWSCredentials(
                accessKeyID: key, secretAccessKey: secret,
                sessionToken: ProcessInfo.processInfo.environment["AWS_SESSION_TOKEN"]))
        return S3Client(configuration: s3, httpClient: HTTPCurlClient(logger: logger), logger: logger)
    }

    /// The CloudFront signer when all three CDN settings are given.
    static func cdn(_ storage: AppConfiguration.Storage) throws -> CloudFrontURLSigner? {
        guard let base = storage.cdnBaseURL, let keyPair = storage.cloudFrontKeyPairID,
            let file = storage.cloudFrontPrivateKeyFile
        else { return nil }
        guard let pem = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ConfigurationError(key: "storage.cloudfront_private_key_file", reason: "cannot be read")
        }
        do {
            return try CloudFrontURLSigner(baseURL: base, keyPairID: keyPair, privateKeyPEM: pem)
        } catch {
            throw ConfigurationError(
                key: "storage.cloudfront_private_key_file", reason: "is not an RSA private key (PEM)")
        }
    }
}

/// Retries object deletions the store did not answer, every 30 s, until shutdown.
struct ObjectDeletionRetryService: Service {
    let deletions: RetryingObjectDeletions
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(30))
                let waiting = await deletions.retryPending()
                if waiting > 0 { logger.warning("object deletions still waiting for the store: \(waiting)") }
            }
        }
    }
}
