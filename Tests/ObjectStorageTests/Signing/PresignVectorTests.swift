import Foundation
import ProcessTestSupport
import Testing

@testable import ObjectStorage

/// Query-string SigV4 (presigned URLs): AWS's published example, and botocore's `generate_presigned_url`.
@Suite struct PresignVectorTests {
    /// "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", example: GET of
    /// examplebucket/test.txt valid 86400 s from 20130524T000000Z.
    @Test func awsPublishedExample() {
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "s3")
        let request = SignableRequest(
            method: "GET", encodedPath: "/test.txt", headers: [(name: "host", value: "examplebucket.s3.amazonaws.com")],
            payloadHash: "UNSIGNED-PAYLOAD")
        let signed = signer.presign(request, date: Date(timeIntervalSince1970: 1_369_353_600), expires: 86400)
        #expect(signed.signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        #expect(
            signed.query
                == "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
                + "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        let altered = signer.presign(request, date: Date(timeIntervalSince1970: 1_369_353_601), expires: 86400)
        #expect(altered.signature != signed.signature)
    }

    /// The asset store's presigned UploadPart and GET (with response-content-disposition), signed by botocore's own
    /// presigner at the same instant.
    @Test(.enabled(if: TestEnvironment.python != nil, "needs COURSED_TEST_S3_PYTHON (a python with botocore)"))
    func sameURLsAsBotocore() async throws {
        let date = Date(timeIntervalSince1970: 1_735_787_045)
        let http = LiveS3.http
        let client = S3Client(
            configuration: S3Configuration(
                endpoint: try S3Endpoint(parsing: "http://127.0.0.1:9000"), region: "eu-west-1", bucket: "assets",
                credentials: AWSCredentials(accessKeyID: "AKIDPRESIGN", secretAccessKey: "s3cr3t/Key+With=Signs")),
            httpClient: http, now: { date })
        let key = "courses/c/assets/a/original"
        let part = client.presignedURL(
            method: "PUT", key: key, query: [.init("partNumber", "3"), .init("uploadId", "up/+=id")], expires: 900)
        let get = client.presignedURL(
            method: "GET", key: key,
            query: [.init("response-content-disposition", "attachment; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf")],
            expires: 3600)
        let script = """
            import sys, datetime
            from unittest import mock
            import botocore.session
            from botocore.config import Config
            s = botocore.session.get_session()
            c = s.create_client("s3", region_name="eu-west-1", endpoint_url="http://127.0.0.1:9000",
                aws_access_key_id="AKIDPRESIGN", aws_secret_access_key="s3cr3t/Key+With=Signs",
                config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"))
            fixed = datetime.datetime(2025, 1, 2, 3, 4, 5)
            with mock.patch("botocore.auth.datetime") as d:
                d.datetime.utcnow.return_value = fixed
                d.datetime.now.return_value = fixed.replace(tzinfo=datetime.timezone.utc)
                key = "courses/c/assets/a/original"
                print(c.generate_presigned_url("upload_part", Params={"Bucket": "assets", "Key": key,
                    "PartNumber": 3, "UploadId": "up/+=id"}, ExpiresIn=900))
                print(c.generate_presigned_url("get_object", Params={"Bucket": "assets", "Key": key,
                    "ResponseContentDisposition": "attachment; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf"}, ExpiresIn=3600))
            """
        let output = try await TestProcess.run(TestEnvironment.python!, arguments: ["-c", script])
        #expect(output.status == 0, "\(output.stderr)")
        let theirs = output.stdout.split(separator: "\n").map(String.init)
        try #require(theirs.count == 2)
        for (mine, botocore) in zip([part, get], theirs) {
            #expect(Self.signature(mine) == Self.signature(botocore), "ours \(mine)\nbotocore \(botocore)")
            #expect(Self.signature(mine) != nil)
        }
    }

    static func signature(_ url: String) -> String? {
        url.split(separator: "X-Amz-Signature=").last.map { String($0.prefix(64)) }
    }
}
