/// Signs channel subscriptions the way Pusher does (`<key>:<hex HMAC-SHA256(secret, text)>`): a port, so the core
/// decides who may subscribe while the adapter holds the secret and the cryptography.
public protocol ChannelSigner: Sendable {
    /// The `auth` value for `text` (`socket_id:channel_name[:channel_data]`).
    func auth(for text: String) -> String
}
