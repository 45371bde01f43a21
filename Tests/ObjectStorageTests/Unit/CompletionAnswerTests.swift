import Foundation
import Testing

@testable import ObjectStorage

/// CompleteMultipartUpload is decided by the status and an `<Error>` root, not the answer's wording; when the
/// answer leaves it in doubt the upload's and the object's existence decide (a local fake S3 answers).
@Suite("CompleteMultipartUpload answers")
struct CompletionAnswerTests {
    static let part = CompletedPart(partNumber: 1, etag: "\"part-1\"")

    private func client(_ server: ScriptedS3Server) -> S3Client {
        S3Client(
            configuration: S3Configuration(
                endpoint: S3Endpoint(scheme: "http", host: "127.0.0.1", port: server.port), region: "us-east-1",
                bucket: "fake", credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"),
                maxAttempts: 1),
            httpClient: LiveS3.http)
    }

    private static func xml(_ text: String) -> ScriptedS3Server.Response {
        ScriptedS3Server.Response(
            status: 200, headers: [(name: "Content-Type", value: "application/xml")], body: Array(text.utf8))
    }

    @Test(arguments: ["CompleteMultipartUploadResult", "CompleteMultipartUploadResponse"])
    func anAnswerRootedAtEitherNameIsASuccess(root: String) async throws {
        let server = try ScriptedS3Server { request, _ in
            Self.xml(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <\(root) xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>fake</Bucket><Key>k</Key>\
                <ETag>"abc-1"</ETag></\(root)>
                """)
        }
        defer { server.close() }
        let etag = try await client(server).completeMultipartUpload(key: "k", uploadID: "u1", parts: [Self.part])
        #expect(etag == "\"abc-1\"")
        #expect(server.requests.map(\.method) == ["POST"], "a readable answer needs no confirmation")
    }

    @Test func a200WithAnErrorRootAfterKeepAliveWhitespaceIsAFailure() async throws {
        let server = try ScriptedS3Server { _, _ in
            Self.xml(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + String(repeating: " ", count: 600)
                    + "<Error><Code>InvalidPart</Code><Message>One or more parts could not be found</Message></Error>")
        }
        defer { server.close() }
        await #expect(
            throws: S3Error.service(
                status: 500, code: "InvalidPart", message: "One or more parts could not be found", requestID: nil)
        ) {
            try await client(server).completeMultipartUpload(key: "k", uploadID: "u1", parts: [Self.part])
        }
    }

    @Test func anUnreadableAnswerIsSettledByTheUploadAndTheObject() async throws {
        // Completed: the upload is gone and HEAD finds the object.
        let done = try ScriptedS3Server { request, _ in
            switch request.method {
            case "POST": return ScriptedS3Server.Response(status: 200)
            case "GET": return Self.notFound("NoSuchUpload")
            default: return ScriptedS3Server.Response(status: 200, headers: [(name: "ETag", value: "\"abc-1\"")])
            }
        }
        defer { done.close() }
        #expect(
            try await client(done).completeMultipartUpload(key: "k", uploadID: "u1", parts: [Self.part]) == "\"abc-1\"")
        #expect(done.requests.map(\.method) == ["POST", "GET", "HEAD"])

        // Not completed: the upload is still open.
        let open = try ScriptedS3Server { request, _ in
            switch request.method {
            case "POST": return ScriptedS3Server.Response(status: 200)
            default: return Self.xml("<ListPartsResult><UploadId>u1</UploadId></ListPartsResult>")
            }
        }
        defer { open.close() }
        await #expect(throws: S3Error.self) {
            try await client(open).completeMultipartUpload(key: "k", uploadID: "u1", parts: [Self.part])
        }
    }

    static func notFound(_ code: String) -> ScriptedS3Server.Response {
        ScriptedS3Server.Response(
            status: 404, body: Array("<Error><Code>\(code)</Code><Message>gone</Message></Error>".utf8))
    }
}
