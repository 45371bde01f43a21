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

    static func signature(_ url: String) -> String? {
        url.split(separator: "X-Amz-Signature=").last.map { String($0.prefix(64)) }
    }
}
