import CoreSupport
import Crypto
import Foundation

/// Signs and checks the URLs of coursed's own object store: HMAC-SHA256 over method, key, expiry, size (and the
/// declared SHA-256, the multipart upload and part) with a per-process or configured secret.
struct EmbeddedURLSigner: Sendable {
    private let key: SymmetricKey

    init(secret: [UInt8]) {
        self.key = SymmetricKey(data: secret)
    }

    /// What one signed URL allows.
    struct Grant: Sendable, Equatable {
        var method: String
        var key: String
        var expires: Int64
        /// The exact body size of an upload; nil for downloads.
        var size: Int64?
        var sha256: String?
        var uploadID: String?
        var partNumber: Int?
        /// Download only: the `Content-Disposition` and the content type to answer with.
        var disposition: String?
        var contentType: String?
    }

    /// The lower-case hex signature of `grant`.
    func signature(_ grant: Grant) -> String {
        let fields: [String] = [
            grant.method, grant.key, String(grant.expires), grant.size.map { String($0) } ?? "",
            grant.sha256 ?? "", grant.uploadID ?? "", grant.partNumber.map { String($0) } ?? "",
            grant.disposition ?? "", grant.contentType ?? "",
        ]
        // Lengths first, so no two field lists sign the same bytes.
        let message = fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "\n")
        return Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key))
    }

    /// Whether `signature` signs `grant` and `now` is before its expiry (compared in constant time).
    func isValid(_ grant: Grant, signature: String, now: Date) -> Bool {
        guard Double(grant.expires) > now.timeIntervalSince1970 else { return false }
        return Hex.constantTimeEquals(Array(self.signature(grant).utf8), Array(signature.utf8))
    }
}
