import CoreSupport
public import CourseDomain
import Crypto
import Foundation

/// A Pusher app's id, key and secret: what signs subscriptions and HTTP API requests (never logged).
public struct PusherCredentials: Sendable, ChannelSigner {
    public var appID: String
    public var key: String
    private let secretKey: SymmetricKey

    public init(appID: String, key: String, secret: String) {
        self.appID = appID
        self.key = key
        self.secretKey = SymmetricKey(data: Data(secret.utf8))
    }

    /// Lower-case hex HMAC-SHA256 of `text` under the secret.
    public func signature(of text: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: secretKey)
        return Hex.lowercase(mac)
    }

    /// `<key>:<signature>`: Pusher's `auth` for a subscription.
    public func auth(for text: String) -> String { "\(key):\(signature(of: text))" }

    /// Whether `auth` is this app's signature of `text`, compared in constant time.
    public func verify(auth: String, for text: String) -> Bool {
        let expected = Array(self.auth(for: text).utf8)
        let given = Array(auth.utf8)
        return Hex.constantTimeEquals(expected, given)
    }

    /// Whether `signature` (hex) is this app's signature of `text`, compared in constant time.
    public func verify(signature: String, for text: String) -> Bool {
        Hex.constantTimeEquals(Array(self.signature(of: text).utf8), Array(signature.lowercased().utf8))
    }
}

/// Hex encoding and constant-time comparison for signatures.
enum PusherHex {
    /// Lower-case hex MD5 of `bytes` (Pusher's `body_md5`).
    static func md5(_ bytes: some DataProtocol) -> String {
        Hex.lowercase(Insecure.MD5.hash(data: bytes))
    }
}
