import Foundation
import Testing

@testable import ObjectStorage

/// A store that names its CompleteMultipartUpload answer `CompleteMultipartUploadResponse` (some S3-compatible
/// servers and older moto releases do): moto behind a relay that renames the root. The backup is kept.
@Suite(.enabled(if: TestEnvironment.hasS3AndPostgres, "needs COURSED_TEST_S3_ENDPOINT, _DATABASE_URL, _PG_BIN"))
struct CompletionWordingTests {
    @Test func aBackupCompletedWithAnotherWordingIsKept() async throws {
        let source = try await SeededDatabase.shared.database()
        let moto = try await LiveS3.client()
        let motoPort: Int = try #require(moto.configuration.endpoint.port)
        let relay = try ScriptedS3Server(upstreamPort: motoPort) {
            request, forward in
            var response = try forward()
            if request.method == "POST", request.target.contains("uploadId=") {
                let text = String(decoding: response.body, as: UTF8.self)
                response.body = Array(
                    text.replacingOccurrences(
                        of: "CompleteMultipartUploadResult", with: "CompleteMultipartUploadResponse"
                    )
                    .utf8)
            }
            return response
        }
        defer { relay.close() }
        var configuration = moto.configuration
        configuration.endpoint = S3Endpoint(scheme: "http", host: "127.0.0.1", port: relay.port)
        let client = S3Client(configuration: configuration, httpClient: LiveS3.http)

        let record = try await BackupRoundTripTests.service(client).create(databaseURL: source.url)
        #expect(relay.requests.contains { $0.method == "POST" && $0.target.contains("uploadId=") })
        let info = try #require(try await moto.headObject(key: record.key), "the completed backup is kept")
        #expect(info.metadata["sha256"] == record.sha256)
        #expect(try await moto.listMultipartUploads(prefix: "backups/").isEmpty)
    }
}
