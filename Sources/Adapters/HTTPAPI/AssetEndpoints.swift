public import CourseDomain

/// The asset use case and, on the embedded default, coursed's own object store whose signed URLs the router serves.
public struct AssetEndpoints: Sendable {
    public var service: AssetService
    /// Served under `/storage/...` when set.
    public var embeddedStore: EmbeddedObjectStore?

    public init(service: AssetService, embeddedStore: EmbeddedObjectStore? = nil) {
        self.service = service
        self.embeddedStore = embeddedStore
    }
}
