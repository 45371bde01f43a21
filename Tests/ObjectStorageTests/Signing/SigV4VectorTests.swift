import Foundation
import Testing

@testable import ObjectStorage

/// Signatures from independent sources: the AWS SigV4 test suite (`get-vanilla` & co., service `service`)
/// and the worked S3 examples of the AWS documentation ("Signature Calculations for the Authorization
/// Header"). All values were also reproduced with botocore 1.44.
@Suite struct SigV4VectorTests {
    static let suiteSigner = SigV4Signer(
        credentials: AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "service")
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z

    static let s3Signer = SigV4Signer(
        credentials: AWSCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "s3")
    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600)  // 20130524T000000Z

    @Test func amzDateFormat() {
        #expect(SigV4Signer.amzDate(Self.suiteDate) == "20150830T123600Z")
        #expect(SigV4Signer.amzDate(Self.s3Date) == "20130524T000000Z")
    }

    @Test func getVanilla() {
        let request = SignableRequest(
            method: "GET", encodedPath: "/", headers: [(name: "Host", value: "example.amazonaws.com")],
            payloadHash: SigV4Signer.emptyPayloadHash)
        let signed = Self.suiteSigner.sign(request, date: Self.suiteDate)
        #expect(
            signed.canonicalRequest == """
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(
            signed.stringToSign == """
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/service/aws4_request
                bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
                """)
        #expect(signed.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(
            signed.headers.last?.value
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
    }

    @Test func getVanillaQueryOrderKeyCase() {
        let request = SignableRequest(
            method: "GET", encodedPath: "/",
            query: [SignableRequest.QueryItem("Param2", "value2"), SignableRequest.QueryItem("Param1", "value1")],
            headers: [(name: "Host", value: "example.amazonaws.com")], payloadHash: SigV4Signer.emptyPayloadHash)
        #expect(
            Self.suiteSigner.sign(request, date: Self.suiteDate).signature
                == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    @Test func getVanillaQueryUnreserved() {
        let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        let request = SignableRequest(
            method: "GET", encodedPath: "/", query: [SignableRequest.QueryItem(unreserved, unreserved)],
            headers: [(name: "Host", value: "example.amazonaws.com")], payloadHash: SigV4Signer.emptyPayloadHash)
        #expect(
            Self.suiteSigner.sign(request, date: Self.suiteDate).signature
                == "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197")
    }

    @Test func postVanilla() {
        let request = SignableRequest(
            method: "POST", encodedPath: "/", headers: [(name: "Host", value: "example.amazonaws.com")],
            payloadHash: SigV4Signer.emptyPayloadHash)
        #expect(
            Self.suiteSigner.sign(request, date: Self.suiteDate).signature
                == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    }

    @Test func getHeaderValueTrim() {
        let request = SignableRequest(
            method: "GET", encodedPath: "/",
            headers: [
                (name: "Host", value: "example.amazonaws.com"), (name: "My-Header1", value: " value1"),
                (name: "My-Header2", value: " \"a   b   c\""),
            ], payloadHash: SigV4Signer.emptyPayloadHash)
        let signed = Self.suiteSigner.sign(request, date: Self.suiteDate)
        #expect(signed.canonicalRequest.contains("my-header2:\"a b c\"\n"))
        #expect(signed.signature == "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736")
    }

    @Test func postFormWithBody() {
        let body = Array("Param1=value1".utf8)
        let request = SignableRequest(
            method: "POST", encodedPath: "/",
            headers: [
                (name: "Content-Type", value: "application/x-www-form-urlencoded"),
                (name: "Host", value: "example.amazonaws.com"),
            ], payloadHash: SigV4Signer.hexSHA256(body))
        #expect(
            Self.suiteSigner.sign(request, date: Self.suiteDate).signature
                == "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")
    }

    /// AWS docs: GET /test.txt with a Range header.
    @Test func s3GetObjectExample() {
        let request = SignableRequest(
            method: "GET", encodedPath: "/test.txt",
            headers: [
                (name: "Host", value: "examplebucket.s3.amazonaws.com"), (name: "Range", value: "bytes=0-9"),
                (name: "x-amz-content-sha256", value: SigV4Signer.emptyPayloadHash),
            ], payloadHash: SigV4Signer.emptyPayloadHash)
        let signed = Self.s3Signer.sign(request, date: Self.s3Date)
        #expect(signed.signedHeaders == "host;range;x-amz-content-sha256;x-amz-date")
        #expect(signed.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    /// AWS docs: PUT /test$file.text with a body, a Date header and a storage class.
    @Test func s3PutObjectExample() {
        let body = Array("Welcome to Amazon S3.".utf8)
        let hash = SigV4Signer.hexSHA256(body)
        #expect(hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let request = SignableRequest(
            method: "PUT", encodedPath: "/" + AWSURIEncoding.encode("test$file.text", keepSlash: true),
            headers: [
                (name: "Host", value: "examplebucket.s3.amazonaws.com"),
                (name: "Date", value: "Fri, 24 May 2013 00:00:00 GMT"),
                (name: "x-amz-storage-class", value: "REDUCED_REDUNDANCY"), (name: "x-amz-content-sha256", value: hash),
            ], payloadHash: hash)
        let signed = Self.s3Signer.sign(request, date: Self.s3Date)
        #expect(request.encodedPath == "/test%24file.text")
        #expect(signed.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    /// AWS docs: GET /?lifecycle and GET /?max-keys=2&prefix=J (bucket-level, virtual-hosted).
    @Test func s3BucketExamples() {
        let headers = [
            (name: "Host", value: "examplebucket.s3.amazonaws.com"),
            (name: "x-amz-content-sha256", value: SigV4Signer.emptyPayloadHash),
        ]
        let lifecycle = SignableRequest(
            method: "GET", encodedPath: "/", query: [SignableRequest.QueryItem("lifecycle")], headers: headers,
            payloadHash: SigV4Signer.emptyPayloadHash)
        #expect(
            Self.s3Signer.sign(lifecycle, date: Self.s3Date).signature
                == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
        let listing = SignableRequest(
            method: "GET", encodedPath: "/",
            query: [SignableRequest.QueryItem("prefix", "J"), SignableRequest.QueryItem("max-keys", "2")],
            headers: headers, payloadHash: SigV4Signer.emptyPayloadHash)
        #expect(listing.canonicalQuery == "max-keys=2&prefix=J")
        #expect(
            Self.s3Signer.sign(listing, date: Self.s3Date).signature
                == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test func sessionTokenIsSignedAndSent() {
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token/+="),
            region: "eu-west-1")
        let signed = signer.sign(
            SignableRequest(
                method: "GET", encodedPath: "/", headers: [(name: "Host", value: "h")],
                payloadHash: SigV4Signer.emptyPayloadHash), date: Self.s3Date)
        #expect(signed.signedHeaders == "host;x-amz-date;x-amz-security-token")
        #expect(signed.headers.contains { $0.name == "X-Amz-Security-Token" && $0.value == "token/+=" })
    }

    @Test func uriEncoding() {
        #expect(AWSURIEncoding.encode("a b/c~d_e.f-g", keepSlash: true) == "a%20b/c~d_e.f-g")
        #expect(AWSURIEncoding.encode("a/b+c=d") == "a%2Fb%2Bc%3Dd")
        #expect(AWSURIEncoding.encode("é") == "%C3%A9")
    }
}
