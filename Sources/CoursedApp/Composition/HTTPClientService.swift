import CurlHTTPClient
import ServiceLifecycle

/// Keeps the shared HTTP client alive until shutdown, then releases its threads.
struct HTTPClientService: Service {
    let client: HTTPCurlClient

    func run() async throws {
        try? await gracefulShutdown()
        try? await client.shutdown()
    }
}
