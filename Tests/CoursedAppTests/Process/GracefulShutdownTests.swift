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
        try await CoursedProcess.waitUntilAnswering(base, client: poller)

        // Registrations hash passwords with bcrypt, so a burst of them stays in flight for a while.
        let burst = 30
        let results = Task {
            await withTaskGroup(of: Outcome.self) { group in
                for index in 0..<burst {
                    group.addTask {
                        let body = #"{"email":"drain\#(index)@example.com","password":"drain-password"}"#
                        do {
                            let response = try await client.execute(
                                HTTPClientRequest(
                                    method: .post, url: base + "/api/auth/register",
                                    headers: ["content-type": "application/json"], body: .bytes(Array(body.utf8)),
                                    timeout: .seconds(60)))
                            return .status(response.status)
                        } catch HTTPClientError.connectFailed {
                            return .neverConnected  // sent after the listener closed: never in flight
                        } catch {
                            return .failed("\(error)")
                        }
                    }
                }
                return await group.reduce(into: [Outcome]()) { $0.append($1) }
            }
        }
        // SIGTERM once the server reports a good part of the burst in flight (the scrape itself is one more).
        let inFlight = try await waitForActiveRequests(atLeast: 10, base: base, client: poller)
        kill(server.process.processIdentifier, SIGTERM)

        let outcomes = await results.value
        let statuses = outcomes.compactMap { if case .status(let code) = $0 { code } else { nil } }
        #expect(outcomes.count == burst)
        #expect(statuses.allSatisfy { $0 == 201 }, "\(outcomes)")
        #expect(!outcomes.contains { if case .failed = $0 { true } else { false } }, "\(outcomes)")
        #expect(statuses.count >= inFlight - 1, "\(inFlight) were in flight at SIGTERM: \(outcomes)")
        let deadline = ContinuousClock.now + .seconds(20)
        while server.process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!server.process.isRunning)
        #expect(server.process.terminationStatus == 0)
        try? await client.shutdown()
        try? await poller.shutdown()
    }

    /// What became of one request of the burst.
    enum Outcome: Sendable {
        case status(Int)
        case neverConnected
        case failed(String)
    }

    /// Polls `/metrics` until at least `count` requests are in flight; returns how many were.
    func waitForActiveRequests(atLeast count: Int, base: String, client: HTTPCurlClient) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            // A slow scrape on a busy machine is not a failure: poll again until the deadline.
            guard
                let response = try? await client.execute(
                    HTTPClientRequest(url: base + "/metrics", timeout: .seconds(10)))
            else { continue }
            let active = response.bodyText.split(separator: "\n")
                .filter { $0.hasPrefix("http_server_active_requests") }
                .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
                .reduce(0, +)
            if active >= Double(count) { return Int(active) }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the burst never was in flight")
        return 0
    }
}
