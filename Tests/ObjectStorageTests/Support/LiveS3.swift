import CurlHTTPClient
import Foundation
import Testing

@testable import ObjectStorage

/// Clients on the test S3 server (moto), each test on a bucket of its own.
enum LiveS3 {
    /// One HTTP client for every live test (its threads are shared; never shut down).
    static let http = HTTPCurlClient(configuration: HTTPCurlClient.Configuration(threadCount: 8))

    static let credentials = AWSCredentials(accessKeyID: "AKIDCOURSEDTEST", secretAccessKey: "coursed-test-secret")

    /// A client on a new, empty bucket.
    static func client(requestTimeout: Duration = .seconds(120)) async throws -> S3Client {
        let endpoint = try S3Endpoint(parsing: try #require(TestEnvironment.s3Endpoint))
        let bucket = "coursed-test-" + UUID().uuidString.lowercased().prefix(18)
        let client = S3Client(
            configuration: S3Configuration(
                endpoint: endpoint, region: "us-east-1", bucket: String(bucket), credentials: credentials,
                requestTimeout: requestTimeout),
            httpClient: http)
        try await client.createBucket()
        return client
    }

    /// `count` bytes that do not compress.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            var word = generator.next()
            for _ in 0..<8 where index < count {
                bytes[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
        return bytes
    }

    /// Downloads a whole object into memory (tests only: small objects).
    static func get(_ client: S3Client, key: String) async throws -> ([UInt8], ObjectInfo) {
        let box = Collected()
        let info = try await client.getObject(key: key) { chunk in box.append(chunk) }
        return (box.bytes, info)
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [UInt8] = []
        func append(_ chunk: UnsafeRawBufferPointer) { lock.withLock { storage += chunk } }
        var bytes: [UInt8] { lock.withLock { storage } }
    }
}
