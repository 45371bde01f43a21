import CoreSupport
import Crypto
public import Foundation

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`): canonical request, string to sign, derived signing key.
///
/// The signer signs exactly the headers it is given (plus `x-amz-date`, and `x-amz-security-token` with
/// temporary credentials); callers add `x-amz-content-sha256` themselves where the service wants it (S3).
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String

    /// What signing produced: the headers to send and, for tests and debugging, the intermediate texts.
    public struct Signature: Sendable {
        /// `x-amz-date`, `x-amz-security-token` (if any) and `Authorization`, to add to the request.
        public var headers: [(name: String, value: String)]
        public var canonicalRequest: String
        public var stringToSign: String
        /// Lower-case hex signature.
        public var signature: String
        /// Semicolon-separated lower-case names of the signed headers.
        public var signedHeaders: String
    }

    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs `request` as of `date`.
    public func sign(_ request: SignableRequest, date: Date) -> Signature {
        let amzDate = Self.amzDate(date)
        let day = String(amzDate.prefix(8))
        var headers = request.headers.filter { $0.name.lowercased() != "x-amz-date" }
        headers.append((name: "x-amz-date", value: amzDate))
        var added: [(name: String, value: String)] = [(name: "X-Amz-Date", value: amzDate)]
        if let token = credentials.sessionToken {
            headers.append((name: "x-amz-security-token", value: token))
            added.append((name: "X-Amz-Security-Token", value: token))
        }
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(headers)
        let canonicalRequest = [
            request.method, request.encodedPath, request.canonicalQuery, canonicalHeaders, signedHeaders,
            request.payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope, Self.hexSHA256(Array(canonicalRequest.utf8)),
        ].joined(separator: "\n")
        let key = signingKey(day: day)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key)
        let signature = Self.hex(mac)
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        added.append((name: "Authorization", value: authorization))
        return Signature(
            headers: added, canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            signedHeaders: signedHeaders)
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`.
    func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// Lower-case names, values trimmed with inner runs of spaces folded, repeated names joined by commas,
    /// sorted by name; returns the canonical block (each line ending in a newline) and the signed names.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (String, String) {
        var merged: [String: [String]] = [:]
        for header in headers {
            merged[header.name.lowercased(), default: []].append(foldSpaces(header.value))
        }
        let names = merged.keys.sorted()
        let block = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    private static func foldSpaces(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    public static func amzDate(_ date: Date) -> String {
        RFC3339.compactString(date)
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func hexSHA256(_ bytes: some DataProtocol) -> String { hex(SHA256.hash(data: bytes)) }

    /// The SHA-256 of an empty body, in hex.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
