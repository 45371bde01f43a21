public import Hummingbird
import Logging

/// The per-request context of the API: Hummingbird's core storage plus the request id the edge assigned.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The sanitised `X-Request-ID` of this request (echoed, or generated).
    public var requestID: String = ""

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// Bodies larger than this are refused with 413 (SPEC §4: 1 MiB).
    public var maxUploadSize: Int { APISettings.maxBodyBytes }
}
