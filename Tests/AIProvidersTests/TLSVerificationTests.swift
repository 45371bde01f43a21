import CurlHTTPClient
import Foundation
import Testing

/// TLS verification against a real TLS server (`openssl s_server`, self-signed certificate made by the test).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: TLSTestServer.opensslPath)))
struct TLSVerificationTests {
    @Test func verifiesThePeerAndTrustsAConfiguredCAFile() async throws {
        let server = try await TLSTestServer.start()
        let url = "https://localhost:\(server.port)/"
        let clients = [
            HTTPCurlClient(configuration: .init(threadCount: 1, caFile: "/nonexistent/ca.pem")),
            HTTPCurlClient(configuration: .init(threadCount: 1)),
            HTTPCurlClient(configuration: .init(threadCount: 1, caFile: server.certificatePath)),
        ]
        do {
            for (index, client) in clients.prefix(2).enumerated() {
                let error = await #expect(throws: HTTPClientError.self) {
                    try await client.execute(HTTPClientRequest(url: url, timeout: .seconds(5)))
                }
                if case .tls = error {
                } else {
                    Issue.record("client \(index): expected tls, got \(String(describing: error))")
                }
            }
            let response = try await clients[2].execute(HTTPClientRequest(url: url, timeout: .seconds(5)))
            #expect(response.status == 200)
        } catch {
            Issue.record(error)
        }
        for client in clients { try await client.shutdown() }
        await server.stop()
    }
}
