import CourseDomain
import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

@testable import ObjectStorage

/// The asset store's signed calls on a moto with authentication on (`INITIAL_NO_AUTH_ACTION_COUNT`: the first three
/// calls create an IAM user, its policy and key; every later call is checked).
///
/// moto (5.2.x) checks header signatures only: its `IAMRequestBase` reads the `Authorization` header unconditionally,
/// so every query-string-signed (presigned) request, valid or tampered, botocore's own included, ends in a
/// `KeyError` and a 500. Presigned URLs are therefore proved by AWS's published vector (`PresignVectorTests`) and
/// by botocore's presigner (`BotocorePresignCrossCheckTests`); `presignedURLsOnAnAuthenticatingMoto` records the
/// limitation as a known issue and runs the full presigned checks as soon as a moto tells a tampered URL from a
/// valid one.
///
/// moto's SIGTERM handler does not stop its threaded server: it is stopped with SIGKILL (waiting after a SIGTERM
/// hung the test before).
@Suite(.enabled(if: TestEnvironment.python != nil, "needs COURSED_TEST_S3_PYTHON (the venv with moto)"))
struct AssetS3StoreAuthTests {
    /// A moto server with authentication on, and a valid key pair made during its three unchecked calls.
    struct AuthMoto {
        let process: Process
        let endpoint: String
        let credentials: AWSCredentials

        /// Stops moto for good (SIGKILL: it survives SIGTERM) and waits for it off the cooperative pool.
        func stop() async {
            Self.kill(process)
            _ = await TestProcess.waitForExit(process)
        }

        static func kill(_ process: Process) {
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        }
    }

    static func start() async throws -> AuthMoto {
        let python = try #require(TestEnvironment.python)
        let bin = URL(fileURLWithPath: python).deletingLastPathComponent()
        let port = try await TestProcess.run(
            python,
            arguments: ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"])
        let endpoint = "http://127.0.0.1:\(port.stdout.trimmingCharacters(in: .whitespacesAndNewlines))"
        let process = Process()
        process.executableURL = bin.appendingPathComponent("moto_server")
        process.arguments = ["-H", "127.0.0.1", "-p", String(endpoint.split(separator: ":").last!)]
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let script = """
            import sys, time, boto3
            endpoint = sys.argv[1]
            deadline = time.time() + 60
            iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="x",
                aws_secret_access_key="y")
            while True:
                try:
                    iam.create_user(UserName="coursed")
                    break
                except Exception:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.2)
            iam.put_user_policy(UserName="coursed", PolicyName="s3",
                PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}')
            key = iam.create_access_key(UserName="coursed")["AccessKey"]
            print(key["AccessKeyId"]); print(key["SecretAccessKey"])
            """
        let made = try await TestProcess.run(python, arguments: ["-c", script, endpoint])
        guard made.status == 0 else {
            AuthMoto.kill(process)
            Issue.record("could not prepare moto: \(made.stderr)")
            throw CancellationError()
        }
        let lines = made.stdout.split(separator: "\n").map(String.init)
        return AuthMoto(
            process: process, endpoint: endpoint,
            credentials: AWSCredentials(accessKeyID: lines[0], secretAccessKey: lines[1]))
    }

    static func store(_ moto: AuthMoto, credentials: AWSCredentials) throws -> AssetS3Store {
        AssetS3Store(
            client: S3Client(
                configuration: S3Configuration(
                    endpoint: try S3Endpoint(parsing: moto.endpoint), region: "us-east-1", bucket: "auth-assets",
                    credentials: credentials, maxAttempts: 1),
                httpClient: LiveS3.http))
    }

    @Test func signedCallsPassAndAWrongSignatureIsRefused() async throws {
        let moto = try await Self.start()
        defer { AuthMoto.kill(moto.process) }
        let wrong = try Self.store(
            moto, credentials: AWSCredentials(accessKeyID: moto.credentials.accessKeyID, secretAccessKey: "wrong"))
        do {
            try await wrong.client.createBucket()
            Issue.record("moto accepted a wrong signature: authentication is not on")
        } catch S3Error.service(let status, let code, _, _) {
            #expect(status == 403)
            #expect(code == "SignatureDoesNotMatch")
        }
        let store = try Self.store(moto, credentials: moto.credentials)
        try await store.client.createBucket()
        let upload = ObjectUpload(key: "courses/c/assets/a/original", contentType: "video/mp4", size: 10)
        let uploadID = try await store.createMultipartUpload(upload)
        #expect(
            try await store.openMultipartUploads(prefix: "courses/", initiatedBefore: Date().addingTimeInterval(60))
                .map(\.uploadID) == [uploadID])
        _ = try await store.client.putObject(key: "courses/c/assets/b/original", body: [1, 2, 3])
        #expect(try await store.objectSize(key: "courses/c/assets/b/original") == 3)
        await #expect(throws: DomainError.self) { _ = try await wrong.objectSize(key: "courses/c/assets/b/original") }
        try await store.deletePrefix("courses/c/")
        #expect(try await store.objectSize(key: "courses/c/assets/b/original") == nil)
        #expect(try await store.openMultipartUploads(prefix: "courses/", initiatedBefore: .distantFuture).isEmpty)
        await moto.stop()
    }

    @Test func presignedURLsOnAnAuthenticatingMoto() async throws {
        let moto = try await Self.start()
        defer { AuthMoto.kill(moto.process) }
        let store = try Self.store(moto, credentials: moto.credentials)
        try await store.client.createBucket()
        let bytes = LiveS3.randomBytes(1000)
        let key = "courses/c/assets/a/original"
        _ = try await store.client.putObject(key: key, body: bytes)
        let later = Date().addingTimeInterval(900)
        let valid = try await store.downloadURL(
            ObjectDownload(key: key, filename: "a.pdf", contentType: "application/pdf"), expiresAt: later)
        let tampered = Self.tampered(valid)
        let refused = try await AssetS3StoreLiveTests.curl("GET", tampered)
        let accepted = try await AssetS3StoreLiveTests.curl("GET", valid)
        if refused.status == 500 && accepted.status == 500 {
            withKnownIssue("moto cannot check query-string signatures: 500 for valid and tampered presigned URLs") {
                Issue.record("moto answered 500 to a valid and to a tampered presigned GET")
            }
            await moto.stop()
            return
        }
        // A moto that checks presigned URLs: the wrong one first, so that an accepting moto proves nothing.
        #expect(refused.status == 403, "a tampered presigned GET: \(String(decoding: refused.body, as: UTF8.self))")
        #expect(accepted.status == 200)
        #expect(accepted.body == bytes)

        let upload = ObjectUpload(
            key: "courses/c/assets/b/original", contentType: "application/pdf", size: Int64(bytes.count),
            sha256: AssetS3StoreLiveTests.hex(bytes))
        let put = try await store.presignPut(upload, expiresAt: later)
        #expect(
            try await AssetS3StoreLiveTests.curl("PUT", Self.tampered(put.url), headers: put.headers, upload: bytes)
                .status == 403)
        #expect(try await AssetS3StoreLiveTests.curl("PUT", put.url, headers: put.headers, upload: bytes).status == 200)
        #expect(try await store.objectSize(key: upload.key) == Int64(bytes.count))

        let part = LiveS3.randomBytes(5 * 1024 * 1024)
        let multipart = ObjectUpload(key: "courses/c/assets/d/original", contentType: "video/mp4", size: 10)
        let uploadID = try await store.createMultipartUpload(multipart)
        let signed = try await store.presignPart(
            key: multipart.key, uploadID: uploadID, partNumber: 1, size: Int64(part.count), expiresAt: later)
        #expect(try await AssetS3StoreLiveTests.curl("PUT", Self.tampered(signed.url), upload: part).status == 403)
        let sent = try await AssetS3StoreLiveTests.curl("PUT", signed.url, upload: part)
        #expect(sent.status == 200)
        let etag = try #require(sent.headers["etag"])
        try await store.completeMultipartUpload(
            key: multipart.key, uploadID: uploadID, parts: [UploadedPart(partNumber: 1, etag: etag)])
        #expect(try await store.objectSize(key: multipart.key) == Int64(part.count))
        await moto.stop()
    }

    /// `url` with the last hex digit of its signature changed.
    static func tampered(_ url: String) -> String {
        guard let range = url.range(of: "X-Amz-Signature=") else { return url + "x" }
        var signature = Array(url[range.upperBound...].prefix(64))
        signature[63] = signature[63] == "0" ? "1" : "0"
        return url[..<range.upperBound] + String(signature) + url[range.upperBound...].dropFirst(64)
    }
}
