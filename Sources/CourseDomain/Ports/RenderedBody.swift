/// A response body rendered once, with its strong entity tag (SPEC §4 "HTTP caching"): what the course cache keeps
/// so that a hit is sent as it is, neither re-encoded nor re-hashed.
public struct RenderedBody: Sendable, Hashable {
    /// The bytes sent.
    public var bytes: [UInt8]
    /// The strong `ETag` of `bytes`, quoted (e.g. `"0f3a…"`).
    public var etag: String

    /// A body and its tag.
    public init(bytes: [UInt8], etag: String) {
        self.bytes = bytes
        self.etag = etag
    }
}
