import CourseDomain
import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

@testable import ObjectStorage

/// The asset store's presigned URLs (PUT with the signed SSE and checksum headers, UploadPart, GET with the response
/// overrides) against botocore's query-string presigner (`S3SigV4QueryAuth`, run from the test venv's python) at the
/// same instant: the same signed headers and the same signature. moto cannot check presigned URLs when its
/// authentication is on (see `AssetS3StoreAuthTests`); this and AWS's published vector (`PresignVectorTests`) are
/// what prove them.
@Suite(.enabled(if: TestEnvironment.python != nil, "needs COURSED_TEST_S3_PYTHON (a python with botocore)"))
struct BotocorePresignCrossCheckTests {
    static let date = Date(timeIntervalSince1970: 1_735_787_045)  // 2025-01-02T03:04:05Z

    @Test(arguments: [S3Configuration.AddressingStyle.path, .virtualHosted])
    func samePresignedURLsAsBotocore(style: S3Configuration.AddressingStyle) async throws {
        let http = HTTPCurlClient()
        defer { Task { try? await http.shutdown() } }
        let client = S3Client(
            configuration: S3Configuration(
                endpoint: try S3Endpoint(parsing: "https://s3.eu-central-1.example.test"), region: "eu-central-1",
                bucket: "coursed-assets",
                credentials: AWSCredentials(accessKeyID: "AKIDPRESIGN", secretAccessKey: "s3cr3t/Key+With=Signs"),
                addressingStyle: style),
            httpClient: http, now: { Self.date })
        let store = AssetS3Store(client: client, now: { Self.date })
        let expiresAt = Self.date.addingTimeInterval(900)
        let key = "courses/0b7c/assets/9f1e/original"
        let put = try await store.presignPut(
            ObjectUpload(
                key: key, contentType: "application/pdf", size: 1000, sha256: String(repeating: "ab", count: 32)),
            expiresAt: expiresAt)
        #expect(put.headers.count == 4, "content type, SSE, checksum and its algorithm are signed")
        let part = try await store.presignPart(
            key: key, uploadID: "VXBsb2FkIElE/+=~", partNumber: 7, size: 5 * 1024 * 1024, expiresAt: expiresAt)
        let get = try await store.downloadURL(
            ObjectDownload(key: key, filename: "Résumé final; \"v2\".pdf", contentType: "application/pdf"),
            expiresAt: expiresAt)
        let requests: [[String: Any]] = [
            ["method": "PUT", "url": put.url, "headers": put.headers.map { [$0.name, $0.value] }],
            ["method": "PUT", "url": part.url, "headers": [[String]]()],
            ["method": "GET", "url": get, "headers": [[String]]()],
        ]
        let input = try JSONSerialization.data(
            withJSONObject: [
                "requests": requests, "access_key": "AKIDPRESIGN", "secret_key": "s3cr3t/Key+With=Signs",
                "region": "eu-central-1", "epoch": Self.date.timeIntervalSince1970, "expires": 900,
            ])
        let output = try await TestProcess.run(
            try #require(TestEnvironment.python), arguments: ["-c", Self.botocoreScript], input: input)
        #expect(output.status == 0, "botocore script failed: \(output.stderr)")
        let theirs = output.stdout.split(separator: "\n").map(String.init)
        #expect(theirs.count == 3)
        for (index, (ours, botocore)) in zip([put.url, part.url, get], theirs).enumerated() {
            let mine = Self.authParameters(ours)
            #expect(mine.count == 6, "\(ours)")
            #expect(mine == Self.authParameters(botocore), "request \(index) (\(style)): \(ours) vs \(botocore)")
        }
        #expect(
            Self.authParameters(put.url)["X-Amz-SignedHeaders"]
                == "content-type%3Bhost%3Bx-amz-checksum-sha256%3Bx-amz-sdk-checksum-algorithm%3Bx-amz-server-side-encryption"
        )
    }

    /// The `X-Amz-*` query parameters of a URL, as sent (still percent-encoded).
    static func authParameters(_ url: String) -> [String: String] {
        guard let query = url.split(separator: "?", maxSplits: 1).last else { return [:] }
        var parameters: [String: String] = [:]
        for item in query.split(separator: "&") where item.hasPrefix("X-Amz-") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            parameters[pair[0]] = pair.count > 1 ? pair[1] : ""
        }
        return parameters
    }

    /// Reads {requests: [{method, url, headers}], access_key, secret_key, region, epoch, expires} on stdin; strips
    /// our `X-Amz-*` parameters from each URL, presigns it again with botocore and prints the URL, one a line.
    static let botocoreScript = """
        import datetime, json, sys
        from unittest import mock
        from urllib.parse import urlsplit, urlunsplit
        from botocore.auth import S3SigV4QueryAuth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        spec = json.load(sys.stdin)
        when = datetime.datetime.fromtimestamp(spec["epoch"], datetime.timezone.utc).replace(tzinfo=None)
        creds = Credentials(spec["access_key"], spec["secret_key"])
        for r in spec["requests"]:
            parts = urlsplit(r["url"])
            query = "&".join(p for p in parts.query.split("&") if not p.startswith("X-Amz-"))
            req = AWSRequest(method=r["method"], url=urlunsplit(parts._replace(query=query)))
            for name, value in r["headers"]:
                req.headers[name] = value
            with mock.patch("botocore.auth.get_current_datetime", return_value=when):
                S3SigV4QueryAuth(creds, "s3", spec["region"], expires=spec["expires"]).add_auth(req)
            print(req.url)
        """
}
