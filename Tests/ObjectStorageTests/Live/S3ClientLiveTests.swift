import CurlHTTPClient
import Foundation
import Synchronization
import Testing

@testable import ObjectStorage

/// The S3 operations against a real S3-compatible server (moto, `COURSED_TEST_S3_ENDPOINT`).
@Suite(.enabled(if: TestEnvironment.hasS3, "needs COURSED_TEST_S3_ENDPOINT"))
struct S3ClientLiveTests {
    @Test func putHeadGetDeleteWithMetadataAndEncryption() async throws {
        let client = try await LiveS3.client()
        let body = LiveS3.randomBytes(300_000)
        let key = "dir/with space/ünï+code.bin"
        let etag = try await client.putObject(
            key: key, body: body,
            options: ObjectWriteOptions(contentType: "application/x-test", metadata: ["sha256": "abc", "type": "t"]))
        #expect(etag != nil)
        let info = try #require(try await client.headObject(key: key))
        #expect(info.size == Int64(body.count))
        #expect(info.metadata == ["sha256": "abc", "type": "t"])
        #expect(info.serverSideEncryption == "AES256")
        #expect(info.contentType == "application/x-test")
        #expect(info.etag == etag)
        let (downloaded, getInfo) = try await LiveS3.get(client, key: key)
        #expect(downloaded == body)
        #expect(getInfo.metadata["sha256"] == "abc")
        try await client.deleteObject(key: key)
        #expect(try await client.headObject(key: key) == nil)
    }

    @Test func missingObjectsAreTypedErrors() async throws {
        let client = try await LiveS3.client()
        #expect(try await client.headObject(key: "nope") == nil)
        await #expect(throws: S3Error.self) { _ = try await LiveS3.get(client, key: "nope") }
        do {
            _ = try await LiveS3.get(client, key: "nope")
        } catch let error as S3Error {
            #expect(error.isNotFound)
            #expect(!error.description.contains(LiveS3.credentials.secretAccessKey))
        }
    }

    @Test func getWithStaleEntityTagFails() async throws {
        let client = try await LiveS3.client()
        try await client.putObject(key: "k", body: [1, 2, 3])
        await #expect(throws: S3Error.self) {
            _ = try await client.getObject(key: "k", ifMatch: "\"00000000000000000000000000000000\"") { _ in }
        }
    }

    @Test func listingWalksEveryPage() async throws {
        let client = try await LiveS3.client()
        let keys = (0..<7).map { "backups/k\($0)" } + ["other/x"]
        for key in keys { try await client.putObject(key: key, body: Array(key.utf8)) }
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await client.listObjectsPage(prefix: "backups/", continuationToken: token, maxKeys: 3)
            #expect(page.objects.count <= 3)
            seen += page.objects.map(\.key)
            token = page.nextContinuationToken
            pages += 1
        } while token != nil
        #expect(pages == 3)
        #expect(seen == (0..<7).map { "backups/k\($0)" })
        let all = try await client.listObjects(prefix: "backups/", pageSize: 2)
        #expect(all.map(\.key) == seen)
        #expect(all.allSatisfy { $0.size == Int64($0.key.utf8.count) })
    }

    @Test func deleteObjectsInBatch() async throws {
        let client = try await LiveS3.client()
        for index in 0..<5 { try await client.putObject(key: "d/\(index)&<x>", body: [UInt8(index)]) }
        let result = try await client.deleteObjects(keys: (0..<3).map { "d/\($0)&<x>" })
        #expect(Set(result.deleted) == Set((0..<3).map { "d/\($0)&<x>" }))
        #expect(result.failures.isEmpty)
        #expect(try await client.listObjects(prefix: "d/").map(\.key) == ["d/3&<x>", "d/4&<x>"])
    }

    @Test func multipartUploadCompleteAndAbort() async throws {
        let client = try await LiveS3.client()
        let first = LiveS3.randomBytes(5 * 1024 * 1024)
        let second = LiveS3.randomBytes(1234)
        let options = ObjectWriteOptions(metadata: ["type": "database-backup"])
        let uploadID = try await client.createMultipartUpload(key: "mp/object", options: options)
        let open = try await client.listMultipartUploads(prefix: "mp/")
        #expect(open.map(\.uploadID) == [uploadID])
        let parts = [
            try await client.uploadPart(key: "mp/object", uploadID: uploadID, partNumber: 1, body: first),
            try await client.uploadPart(key: "mp/object", uploadID: uploadID, partNumber: 2, body: second),
        ]
        try await client.completeMultipartUpload(key: "mp/object", uploadID: uploadID, parts: parts)
        #expect(try await client.listMultipartUploads(prefix: "mp/").isEmpty)
        let (bytes, info) = try await LiveS3.get(client, key: "mp/object")
        #expect(bytes == first + second)
        #expect(info.metadata["type"] == "database-backup")
        #expect(info.serverSideEncryption == "AES256")

        let abandoned = try await client.createMultipartUpload(key: "mp/abandoned")
        _ = try await client.uploadPart(key: "mp/abandoned", uploadID: abandoned, partNumber: 1, body: second)
        try await client.abortMultipartUpload(key: "mp/abandoned", uploadID: abandoned)
        try await client.abortMultipartUpload(key: "mp/abandoned", uploadID: abandoned)  // already gone: fine
        #expect(try await client.listMultipartUploads(prefix: "mp/").isEmpty)
        #expect(try await client.headObject(key: "mp/abandoned") == nil)
    }

    @Test func copyOntoItselfReplacesMetadata() async throws {
        let client = try await LiveS3.client()
        let body = LiveS3.randomBytes(10_000)
        let etag = try await client.putObject(key: "c", body: body, options: ObjectWriteOptions(metadata: ["a": "1"]))
        try await client.copyObject(
            from: "c", to: "c", options: ObjectWriteOptions(metadata: ["a": "1", "sha256": "ff"]), ifMatch: etag)
        let info = try #require(try await client.headObject(key: "c"))
        #expect(info.metadata == ["a": "1", "sha256": "ff"])
        #expect(info.serverSideEncryption == "AES256")
        #expect(try await LiveS3.get(client, key: "c").0 == body)
    }
}

extension S3ClientLiveTests {
    /// HEAD and GET work whatever the size: beyond the HTTP client's 16 MiB cap on collected bodies, which the
    /// client does not apply to a HEAD answer's Content-Length (libcurl would).
    @Test func largeObjectsHeadAndStream() async throws {
        let client = try await LiveS3.client()
        let body = LiveS3.randomBytes(20 * 1024 * 1024)
        let uploadID = try await client.createMultipartUpload(key: "big")
        let parts = [
            try await client.uploadPart(
                key: "big", uploadID: uploadID, partNumber: 1, body: Array(body[..<(10 << 20)])),
            try await client.uploadPart(
                key: "big", uploadID: uploadID, partNumber: 2, body: Array(body[(10 << 20)...])),
        ]
        try await client.completeMultipartUpload(key: "big", uploadID: uploadID, parts: parts)
        let (bytes, info) = try await LiveS3.get(client, key: "big")
        #expect(info.size == Int64(body.count))
        #expect(bytes == body)
        try await client.copyObject(from: "big", to: "big", options: ObjectWriteOptions(metadata: ["a": "b"]))
        let head = try #require(try await client.headObject(key: "big"))
        let count = ByteCounter()
        _ = try await client.getObject(key: "big", ifMatch: head.etag) { count.add($0.count) }
        #expect(count.value == body.count)
    }
}

/// Counts streamed bytes.
final class ByteCounter: Sendable {
    private let total = Mutex(0)
    func add(_ count: Int) { total.withLock { $0 += count } }
    var value: Int { total.withLock { $0 } }
}
