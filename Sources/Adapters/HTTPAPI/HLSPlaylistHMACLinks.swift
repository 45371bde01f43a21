import CoreSupport
public import CourseDomain
import Crypto
public import Foundation

/// coursed's signed links to a video's playlists: `{base}/api/assets/{id}/hls/{path}?expires=&signature=`, the
/// signature an HMAC-SHA256 over asset, path and expiry with a key derived from the shared secret (`JWT_SECRET`),
/// so that any instance serves a link another one issued.
public struct HLSPlaylistHMACLinks: VideoPlaylistLinks {
    private let key: SymmetricKey
    /// Where clients reach coursed, e.g. `https://api.example.com` (no trailing slash).
    let baseURL: String

    public init(secret: String, baseURL: String) {
        // A key of its own: a playlist signature is never a valid token signature, nor the reverse.
        let derived = HMAC<SHA256>.authenticationCode(
            for: Array("coursed hls playlist links".utf8), using: SymmetricKey(data: Array(secret.utf8)))
        self.key = SymmetricKey(data: Array(derived))
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    public func url(assetID: UUID, path: String, expires: Int64) -> String {
        let signature = self.signature(assetID: assetID, path: path, expires: expires)
        return "\(baseURL)/api/assets/\(assetID.uuidString.lowercased())/hls/\(path)?expires=\(expires)"
            + "&signature=\(signature)"
    }

    public func isValid(assetID: UUID, path: String, expires: Int64, signature: String, now: Date) -> Bool {
        guard Double(expires) > now.timeIntervalSince1970 else { return false }
        return Hex.constantTimeEquals(
            Array(self.signature(assetID: assetID, path: path, expires: expires).utf8), Array(signature.utf8))
    }

    func signature(assetID: UUID, path: String, expires: Int64) -> String {
        let message = "\(assetID.uuidString.lowercased())\n\(path)\n\(expires)"
        return Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key))
    }
}
