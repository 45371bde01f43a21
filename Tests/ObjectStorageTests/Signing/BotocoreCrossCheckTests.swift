import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

@testable import ObjectStorage

/// Signs a set of real S3 requests with our client and with botocore's `S3SigV4Auth` (run from the test
/// venv's python, `COURSED_TEST_S3_PYTHON`), and expects identical `Authorization` headers.
@Suite(.enabled(if: TestEnvironment.python != nil, "needs COURSED_TEST_S3_PYTHON (a python with botocore)"))
struct BotocoreCrossCheckTests {
    static let date = Date(timeIntervalSince1970: 1_735_787_045)  // 2025-01-02T03:04:05Z

    @Test(arguments: [S3Configuration.AddressingStyle.path, .virtualHosted])
    func sameSignaturesAsBotocore(style: S3Configuration.AddressingStyle) async throws {
        let http = HTTPCurlClient()
        defer { Task { try? await http.shutdown() } }
        let configuration = S3Configuration(
            endpoint: try S3Endpoint(parsing: "http://s3.example.test:9000"), region: "eu-central-1",
            bucket: "coursed-backups",
            credentials: AWSCredentials(accessKeyID: "AKIDCROSSCHECK", secretAccessKey: "s3cr3t/Key+With=Signs"),
            addressingStyle: style)
        let client = S3Client(configuration: configuration, httpClient: http)
        let body = Array("hello, object storage".utf8)
        let operations: [S3Client.Operation] = [
            .init(name: "GetObject", method: .get, key: "backups/database-20250102T030405Z.dump"),
            .init(
                name: "PutObject", method: .put, key: "dir/with space/ünïcode+plus=eq&amp.txt",
                headers: try client.writeHeaders(
                    ObjectWriteOptions(
                        contentType: "text/plain",
                        metadata: ["sha256": String(repeating: "ab", count: 32), "type": "x"])),
                body: body),
            .init(
                name: "UploadPart", method: .put, key: "backups/a.dump",
                query: [.init("partNumber", "7"), .init("uploadId", "VXBsb2FkIElE/+=~")], body: body),
            .init(
                name: "ListObjectsV2", method: .get, key: nil,
                query: [
                    .init("list-type", "2"), .init("prefix", "backups/"), .init("max-keys", "2"),
                    .init("continuation-token", "1/2+3=4 5"),
                ]),
            .init(
                name: "ListMultipartUploads", method: .get, key: nil, query: [.init("uploads"), .init("prefix", "b/")]),
            .init(name: "HeadObject", method: .head, key: "~tilde_under-dash.dot"),
            .init(
                name: "CopyObject", method: .put, key: "backups/a.dump",
                headers: [
                    (name: "x-amz-copy-source", value: client.copySource("backups/a b.dump")),
                    (name: "x-amz-metadata-directive", value: "REPLACE"),
                    (name: "x-amz-copy-source-if-match", value: "\"abc\""),
                ]),
        ]
        var requests: [[String: Any]] = []
        var ours: [String] = []
        for operation in operations {
            let request = client.prepare(operation, date: Self.date)
            var headers: [[String]] = []
            for field in request.headers where !["authorization", "x-amz-date"].contains(field.name.lowercased()) {
                headers.append([field.name, field.value])
            }
            var bodyBytes: [UInt8] = []
            if case .bytes(let bytes) = request.body { bodyBytes = bytes }
            requests.append([
                "method": request.method.rawValue, "url": request.url, "headers": headers,
                "body": Data(bodyBytes).base64EncodedString(),
            ])
            ours.append(request.headers.first(name: "authorization") ?? "")
        }
        let input = try JSONSerialization.data(
            withJSONObject: [
                "requests": requests, "access_key": "AKIDCROSSCHECK", "secret_key": "s3cr3t/Key+With=Signs",
                "region": "eu-central-1", "epoch": Self.date.timeIntervalSince1970,
            ])
        let output = try await TestProcess.run(
            TestEnvironment.python!, arguments: ["-c", Self.botocoreScript], input: input)
        #expect(output.status == 0, "botocore script failed: \(output.stderr)")
        let theirs = output.stdout.split(separator: "\n").map(String.init)
        #expect(theirs.count == ours.count)
        for (index, (mine, botocore)) in zip(ours, theirs).enumerated() {
            #expect(mine == botocore, "\(operations[index].name) (\(style)) signed differently")
        }
    }

    /// Reads {requests, access_key, secret_key, region, epoch} on stdin; prints one Authorization per line.
    static let botocoreScript = """
        import base64, datetime, json, sys
        from unittest import mock
        from botocore.auth import S3SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        spec = json.load(sys.stdin)
        when = datetime.datetime.fromtimestamp(spec["epoch"], datetime.timezone.utc).replace(tzinfo=None)
        creds = Credentials(spec["access_key"], spec["secret_key"])
        for r in spec["requests"]:
            req = AWSRequest(method=r["method"], url=r["url"], data=base64.b64decode(r["body"]) or None)
            for name, value in r["headers"]:
                req.headers[name] = value
            req.context["payload_signing_enabled"] = True
            with mock.patch("botocore.auth.get_current_datetime", return_value=when):
                S3SigV4Auth(creds, "s3", spec["region"]).add_auth(req)
            print(req.headers["Authorization"])
        """
}
