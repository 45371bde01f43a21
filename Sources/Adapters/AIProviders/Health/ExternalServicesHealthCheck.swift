public import CurlHTTPClient
public import HealthKitCore

/// The `external` component of health: a GET on each named URL with a short timeout, concurrently.
/// Non-critical. A 2xx/3xx answer is `healthy`, anything else (or no answer in time) `unhealthy`.
/// Only the names are rendered, never the URLs (they may hold credentials).
public struct ExternalServicesHealthCheck: HealthCheck {
    /// One service to check.
    public struct Service: Sendable, Equatable {
        /// The key in `services` (`"payments"`); never a secret.
        public var name: String
        /// The URL fetched with GET.
        public var url: String

        public init(name: String, url: String) {
            self.name = name
            self.url = url
        }
    }

    public let name = "external"
    public let criticality = Criticality.nonCritical
    public let timeout: Duration
    public let services: [Service]
    private let client: HTTPCurlClient
    private let requestTimeout: Duration

    /// Creates the check; with no services it reports `not_configured`.
    public init(services: [Service], client: HTTPCurlClient, requestTimeout: Duration = .seconds(2)) {
        self.services = services
        self.client = client
        self.requestTimeout = requestTimeout
        self.timeout = requestTimeout + .seconds(1)
    }

    /// Each service's status.
    public func check() async throws -> ComponentHealth {
        let statuses = await withTaskGroup(of: (Int, ComponentStatus).self) { group in
            for (index, service) in services.enumerated() {
                group.addTask { (index, await probe(service)) }
            }
            var statuses = [ComponentStatus](repeating: .unhealthy, count: services.count)
            for await (index, status) in group { statuses[index] = status }
            return statuses
        }
        return .members(zip(services, statuses).map { NamedStatus($0.0.name, $0.1) }, as: HealthDetail.services)
    }

    private func probe(_ service: Service) async -> ComponentStatus {
        let request = HTTPClientRequest(
            method: .get, url: service.url, timeout: requestTimeout, connectTimeout: requestTimeout,
            maxResponseBytes: 1024 * 1024)
        // The body is not needed: stream it nowhere.
        let discard = HTTPBodySink(accept: { _, _ in true }, write: { _ in })
        guard let response = try? await client.execute(request, streamingTo: discard) else { return .unhealthy }
        return (200..<400).contains(response.status) ? .healthy : .unhealthy
    }
}
