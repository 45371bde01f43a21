import CourseDomain
import Crypto
import Foundation
import ProcessTestSupport
import Testing

@testable import ObjectStorage

/// The asset store on moto, with real clients: curl uploads and downloads with exactly the signed headers.
@Suite(.enabled(if: TestEnvironment.hasS3, "needs COURSED_TEST_S3_ENDPOINT (moto)"))
struct AssetS3StoreLiveTests {
    static let curl = "/usr/bin/curl"

    /// Runs curl; returns the status code, the response headers (lower-cased names) and the body file's bytes.
    static func curl(
        _ method: String, _ url: String, headers: [ObjectHeader] = [], upload: [UInt8]? = nil
    ) async throws -> (status: Int, headers: [String: String], body: [UInt8]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bodyFile = directory.appendingPathComponent("body").path
        let headerFile = directory.appendingPathComponent("headers").path
        var arguments = ["-sS", "-X", method, "-o", bodyFile, "-D", headerFile, "-w", "%{http_code}"]
        for header in headers { arguments += ["-H", "\(header.name): \(header.value)"] }
        if let upload {
            let file = directory.appendingPathComponent("upload").path
            try Data(upload).write(to: URL(fileURLWithPath: file))
            arguments += ["-T", file]
        }
        arguments.append(url)
        let output = try await TestProcess.run(curl, arguments: arguments)
        var fields: [String: String] = [:]
        for line in (try? String(contentsOfFile: headerFile, encoding: .utf8))?.split(separator: "\r\n") ?? [] {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = (try? Data(contentsOf: URL(fileURLWithPath: bodyFile))).map { Array($0) } ?? []
        return (Int(output.stdout) ?? 0, fields, body)
    }

    static func hex(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    static let later = Date().addingTimeInterval(900)

    @Test func singleUploadWithSignedHeadersThenDownload() async throws {
        let store = AssetS3Store(client: try await LiveS3.client())
        let bytes = LiveS3.randomBytes(200_000)
        let upload = ObjectUpload(
            key: "courses/c1/assets/a1/original", contentType: "application/pdf", size: Int64(bytes.count),
            sha256: Self.hex(bytes))
        let signed = try await store.presignPut(upload, expiresAt: Self.later)
        #expect(signed.headers.contains(ObjectHeader("x-amz-server-side-encryption", "AES256")))
        #expect(signed.headers.contains(ObjectHeader("x-amz-sdk-checksum-algorithm", "SHA256")))
        #expect(
            signed.url.contains(
                "X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-checksum-sha256%3Bx-amz-sdk-checksum-algorithm%3Bx-amz-server-side-encryption"
            ))
        #expect(try await store.objectSize(key: upload.key) == nil)
        let put = try await Self.curl("PUT", signed.url, headers: signed.headers, upload: bytes)
        #expect(put.status == 200, "\(String(decoding: put.body, as: UTF8.self))")
        #expect(try await store.objectSize(key: upload.key) == Int64(bytes.count))
        let info = try #require(try await store.client.headObject(key: upload.key))
        #expect(info.serverSideEncryption == "AES256")
        #expect(info.contentType == "application/pdf")

        let url = try await store.downloadURL(
            ObjectDownload(key: upload.key, filename: "Résumé.pdf", contentType: "application/pdf"),
            expiresAt: Self.later)
        let get = try await Self.curl("GET", url)
        #expect(get.status == 200)
        #expect(get.body == bytes)
        #expect(get.headers["content-disposition"] == ContentDisposition.attachment(filename: "Résumé.pdf"))

        try await store.deletePrefix("courses/c1/")
        #expect(try await store.objectSize(key: upload.key) == nil)
    }

    @Test func multipartUploadChecksItsParts() async throws {
        let store = AssetS3Store(client: try await LiveS3.client())
        let partSize = 5 * 1024 * 1024
        let bytes = LiveS3.randomBytes(partSize + 4096)
        let upload = ObjectUpload(
            key: "courses/c2/assets/a2/original", contentType: "video/mp4", size: Int64(bytes.count))
        let uploadID = try await store.createMultipartUpload(upload)
        var parts: [UploadedPart] = []
        for (number, range) in [(1, 0..<partSize), (2, partSize..<bytes.count)] {
            let signed = try await store.presignPart(
                key: upload.key, uploadID: uploadID, partNumber: number, size: Int64(range.count), expiresAt: Self.later
            )
            let put = try await Self.curl("PUT", signed.url, headers: signed.headers, upload: Array(bytes[range]))
            #expect(put.status == 200)
            parts.append(UploadedPart(partNumber: number, etag: try #require(put.headers["etag"])))
        }
        let open = try await store.openMultipartUploads(
            prefix: "courses/c2/", initiatedBefore: Date().addingTimeInterval(60))
        #expect(open.map(\.uploadID) == [uploadID])
        do {
            try await store.completeMultipartUpload(
                key: upload.key, uploadID: uploadID,
                parts: [parts[0], UploadedPart(partNumber: 2, etag: "\"deadbeef\"")])
            Issue.record("a wrong ETag was accepted")
        } catch let error as DomainError {
            #expect(error.code == .uploadIncomplete)
        }
        try await store.completeMultipartUpload(key: upload.key, uploadID: uploadID, parts: parts)
        #expect(try await store.objectSize(key: upload.key) == Int64(bytes.count))
        // The whole object's SHA-256, read through (S3 itself checks the parts only).
        #expect(try await store.sha256(key: upload.key) == SigV4Signer.hexSHA256(bytes))
        #expect(try await store.sha256(key: upload.key + "-missing") == nil)
        let (downloaded, info) = try await LiveS3.get(store.client, key: upload.key)
        #expect(downloaded == bytes)
        #expect(info.serverSideEncryption == "AES256")
    }

    @Test func deletePrefixAbortsUploadsAndRemovesObjects() async throws {
        let store = AssetS3Store(client: try await LiveS3.client())
        let prefix = "courses/c3/assets/a3/"
        _ = try await store.client.putObject(key: prefix + "original", body: [1, 2, 3])
        _ = try await store.client.putObject(key: prefix + "hls/720p.m3u8", body: [4])
        _ = try await store.client.putObject(key: "courses/c4/assets/other/original", body: [5])
        let uploadID = try await store.createMultipartUpload(
            ObjectUpload(key: "courses/c3/assets/a4/original", contentType: "video/mp4", size: 10))
        try await store.deletePrefix("courses/c3/")
        #expect(try await store.client.listObjects(prefix: "courses/c3/").isEmpty)
        #expect(try await store.client.listMultipartUploads(prefix: "courses/c3/").isEmpty)
        #expect(try await store.objectSize(key: "courses/c4/assets/other/original") == 1)
        _ = uploadID
    }
}
