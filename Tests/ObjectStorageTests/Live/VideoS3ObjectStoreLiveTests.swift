import CourseDomain
import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

@testable import ObjectStorage

/// The video pipeline's store on S3 (moto): an upload read into a file, a nested output directory uploaded under a
/// prefix with its content types, playlists read back, presigned GETs that serve the bytes, and the prefix deleted.
@Suite(.enabled(if: TestEnvironment.hasS3, "needs COURSED_TEST_S3_ENDPOINT (moto)"))
struct VideoS3ObjectStoreLiveTests {
    @Test func outputsRoundTripUnderTheAssetsPrefix() async throws {
        let client = try await LiveS3.client()
        let store = VideoS3ObjectStore(client: client)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-s3-video-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputs = directory.appendingPathComponent("hls")
        try FileManager.default.createDirectory(
            at: outputs.appendingPathComponent("720p"), withIntermediateDirectories: true)
        let segment = LiveS3.randomBytes(300_000)
        try Data("#EXTM3U\n720p/index.m3u8\n".utf8).write(to: outputs.appendingPathComponent("master.m3u8"))
        try Data(segment).write(to: outputs.appendingPathComponent("720p/seg_00000.ts"))

        let prefix = "courses/c/assets/a/hls/token"
        try await store.upload(directory: outputs, prefix: prefix)
        let listed = try await client.listObjects(prefix: "courses/c/assets/a/").map(\.key).sorted()
        #expect(listed == ["\(prefix)/720p/seg_00000.ts", "\(prefix)/master.m3u8"])
        #expect(try await client.headObject(key: "\(prefix)/720p/seg_00000.ts")?.contentType == "video/mp2t")

        #expect(
            try await store.read(key: "\(prefix)/master.m3u8", limit: 1024) == Array("#EXTM3U\n720p/index.m3u8\n".utf8))
        #expect(try await store.read(key: "\(prefix)/missing.m3u8", limit: 1024) == nil)
        await #expect(throws: VideoFailure.self) { try await store.read(key: "\(prefix)/720p/seg_00000.ts", limit: 10) }

        let copy = directory.appendingPathComponent("copy")
        #expect(try await store.download(key: "\(prefix)/720p/seg_00000.ts", to: copy))
        #expect(Array(try Data(contentsOf: copy)) == segment)
        #expect(try await store.download(key: "\(prefix)/nothing", to: directory.appendingPathComponent("x")) == false)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x").path))

        let url = try store.signedURL(
            key: "\(prefix)/720p/seg_00000.ts", contentType: "video/mp2t", expiresAt: Date().addingTimeInterval(300))
        #expect(url.contains("X-Amz-Signature="))
        let fetched = try await LiveS3.http.execute(HTTPClientRequest(url: url))
        #expect(fetched.status == 200 && fetched.body == segment)
        #expect(fetched.headers.first(name: "content-type") == "video/mp2t")

        try await store.delete(prefix: prefix)
        #expect(try await client.listObjects(prefix: "courses/c/assets/a/").isEmpty)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl"))
    func withTheCDNSegmentsAreCloudFrontSignedURLs() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cf-video-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem").path
        #expect(try await TestProcess.run("/usr/bin/openssl", arguments: ["genrsa", "-out", key, "2048"]).status == 0)
        let signer = try CloudFrontURLSigner(
            baseURL: "https://cdn.example.net/", keyPairID: "K2JCJMDEHXQW5F",
            privateKeyPEM: try String(contentsOfFile: key, encoding: .utf8))
        let client = S3Client(
            configuration: S3Configuration(
                endpoint: try S3Endpoint(parsing: "http://127.0.0.1:9"), region: "us-east-1", bucket: "b",
                credentials: LiveS3.credentials),
            httpClient: LiveS3.http)
        let store = VideoS3ObjectStore(client: client, cdn: signer)
        let url = try store.signedURL(
            key: "courses/c/assets/a/hls/t/720p/seg_00000.ts", contentType: "video/mp2t",
            expiresAt: Date(timeIntervalSince1970: 1_900_000_000))
        #expect(url.hasPrefix("https://cdn.example.net/courses/c/assets/a/hls/t/720p/seg_00000.ts?Expires=1900000000&"))
        #expect(url.contains("&Signature=") && url.hasSuffix("&Key-Pair-Id=K2JCJMDEHXQW5F"))
    }
}
