import CurlHTTPClient
import Foundation
import Testing

@Suite("SIGTERM drains in-flight requests", .serialized)
struct GracefulShutdownTests {
    @Test func aBurstInFlightAtSIGTERMCompletesAndTheProcessExitsZero() async throws {
        let port = CoursedProcess.freePort()
        let base = "http://127.0.0.1:\(port)"
        let server = try CoursedProcess.start(["serve", "--port", String(port)])
        // One libcurl thread per request of the burst, and a separate client for polling.
        let client = HTTPCurlClient(configuration: .init(threadCount: 32))
        let poller = HTTPCurlClient()
        defer { if server.process.isRunning { server.process.terminate() } }
        try await waitUntilServing(base, client: poller)

        // Registrations hash passwords with bcrypt, so a burst of them stays in flight for a while.
        let burst = 30
        let results = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<burst {
                    group.addTask {
                        let body = #"{"email":"drain\#(index)@example.com","password":"drain-password"}"#
                        let response = try await client.execute(
                            HTTPClientRequest(
                                method: .post, url: base + "/api/auth/register",
                                headers: ["content-type": "application/json"], body: .bytes(Array(body.utf8)),
                                timeout: .seconds(60)))
                        return response.status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        // SIGTERM once the server reports the whole burst in flight (the scrape itself is one more).
        try await waitForActiveRequests(atLeast: burst, base: base, client: poller)
        kill(server.process.processIdentifier, SIGTERM)

        let statuses = try await results.value
        #expect(statuses.count == burst)
        #expect(statuses.allSatisfy { $0 == 201 }, "statuses: \(statuses)")
        let deadline = ContinuousClock.now + .seconds(20)
        while server.process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!server.process.isRunning)
        #expect(server.process.terminationStatus == 0)
        try? await client.shutdown()
        try? await poller.shutdown()
    }

    func waitUntilServing(_ base: String, client: HTTPCurlClient) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let response = try? await client.execute(
                HTTPClientRequest(url: base + "/api/health/live", timeout: .seconds(1))), response.status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("coursed did not start serving")
    }

    func waitForActiveRequests(atLeast count: Int, base: String, client: HTTPCurlClient) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let response = try await client.execute(HTTPClientRequest(url: base + "/metrics", timeout: .seconds(5)))
            let active = response.bodyText.split(separator: "\n")
                .filter { $0.hasPrefix("http_server_active_requests") }
                .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
                .reduce(0, +)
            if active >= Double(count) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the burst never was in flight all at once")
    }
}
