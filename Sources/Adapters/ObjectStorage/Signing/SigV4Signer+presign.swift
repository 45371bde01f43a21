import Crypto
public import Foundation

extension SigV4Signer {
    /// A SigV4 query-string signature (presigned URL): `X-Amz-*` parameters added to `request.query`, the payload
    /// `UNSIGNED-PAYLOAD`, valid `expires` seconds from `date`. Returns the full encoded query, signature last.
    public func presign(_ request: SignableRequest, date: Date, expires: Int) -> (query: String, signature: String) {
        let amzDate = Self.amzDate(date)
        let scope = "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(request.headers)
        var signable = request
        signable.query += [
            SignableRequest.QueryItem("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            SignableRequest.QueryItem("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            SignableRequest.QueryItem("X-Amz-Date", amzDate),
            SignableRequest.QueryItem("X-Amz-Expires", String(expires)),
            SignableRequest.QueryItem("X-Amz-SignedHeaders", signedHeaders),
        ]
        if let token = credentials.sessionToken {
            signable.query.append(SignableRequest.QueryItem("X-Amz-Security-Token", token))
        }
        let query = signable.canonicalQuery
        let canonicalRequest = [
            request.method, request.encodedPath, query, canonicalHeaders, signedHeaders, "UNSIGNED-PAYLOAD",
        ].joined(separator: "\n")
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope, Self.hexSHA256(Array(canonicalRequest.utf8)),
        ].joined(separator: "\n")
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(stringToSign.utf8), using: signingKey(day: String(amzDate.prefix(8))))
        let signature = Self.hex(mac)
        return (query + "&X-Amz-Signature=" + signature, signature)
    }
}
