/// A health report rendered for HTTP: status code, headers and body, ready to copy into a response.
public struct RenderedHealthResponse: Sendable, Hashable {
    /// 200 for healthy/degraded, 503 for unhealthy.
    public var status: Int
    /// The `Content-Type` value.
    public var contentType: String
    /// Every header to set, `Content-Type` included: `Cache-Control` and `X-Health-Check-Duration` too.
    public var headers: [HTTPHeaderField]
    /// The UTF-8 JSON body.
    public var body: [UInt8]

    /// Creates a rendered response.
    public init(status: Int, contentType: String, headers: [HTTPHeaderField], body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }
}

/// One header of a rendered response.
public struct HTTPHeaderField: Sendable, Hashable {
    /// The header's name.
    public var name: String
    /// The header's value.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension HealthReport {
    /// Renders the report in `format` with the SPEC's headers.
    public func rendered(as format: HealthResponseFormat) -> RenderedHealthResponse {
        let body =
            switch format {
            case .spec: specJSON()
            case .ietf: ietfJSON()
            }
        return RenderedHealthResponse(
            status: httpStatus,
            contentType: format.contentType,
            headers: [
                HTTPHeaderField(name: "Content-Type", value: format.contentType),
                HTTPHeaderField(name: "Cache-Control", value: Self.cacheControl),
                HTTPHeaderField(name: Self.durationHeaderName, value: durationHeaderValue),
            ],
            body: body
        )
    }

    /// Negotiates the format from `Accept` and renders the report in it.
    public func rendered(accept: String?) -> RenderedHealthResponse {
        rendered(as: HealthResponseFormat.negotiate(accept: accept))
    }
}
