import Crypto
public import Foundation
import _CryptoExtras

/// CloudFront signed URLs with a canned policy: `Expires`, `Signature` (RSA-SHA1, PKCS#1 v1.5, CloudFront's
/// URL-safe base64) and `Key-Pair-Id` on the CDN's URL of an object.
public struct CloudFrontURLSigner: Sendable {
    /// `CDN_BASE_URL`, without a trailing slash.
    public let baseURL: String
    public let keyPairID: String
    private let key: _RSA.Signing.PrivateKey

    /// - Throws: when `privateKeyPEM` is not an RSA private key.
    public init(baseURL: String, keyPairID: String, privateKeyPEM: String) throws {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.keyPairID = keyPairID
        self.key = try _RSA.Signing.PrivateKey(unsafePEMRepresentation: privateKeyPEM)
    }

    /// The signed URL of `resource` (a full URL, query included), valid until `expires` (seconds since 1970).
    public func sign(resource: String, expires: Int64) throws -> String {
        let policy = Self.cannedPolicy(resource: resource, expires: expires)
        let signature = try key.signature(
            for: Insecure.SHA1.hash(data: Array(policy.utf8)), padding: .insecurePKCS1v1_5)
        let separator = resource.contains("?") ? "&" : "?"
        return "\(resource)\(separator)Expires=\(expires)&Signature=\(Self.urlSafeBase64(signature.rawRepresentation))"
            + "&Key-Pair-Id=\(keyPairID)"
    }

    /// The canned policy CloudFront rebuilds from the URL and `Expires`, byte for byte.
    public static func cannedPolicy(resource: String, expires: Int64) -> String {
        "{\"Statement\":[{\"Resource\":\"\(resource)\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":\(expires)}}}]}"
    }

    /// Base64 with `+` -> `-`, `=` -> `_`, `/` -> `~`.
    public static func urlSafeBase64(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString().map { character -> Character in
            switch character {
            case "+": "-"
            case "=": "_"
            case "/": "~"
            default: character
            }
        }.reduce(into: "") { $0.append($1) }
    }
}
