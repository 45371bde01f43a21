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
        // SIGTERM once the server has read every request of the burst (in flight or done) while a good part is
        // still in flight. A request still in the listener's backlog when it closes is reset by the kernel, which
        // no server can answer (DRAIN_DELAY_MS is for that); waiting for all of them keeps this test deterministic.
        let progress = try await waitUntilReceived(burst, base: base, client: poller)
        kill(server.process.processIdentifier, SIGTERM)
        print("[measure] at SIGTERM: \(progress.inFlight) registrations in flight, \(progress.answered) answered")

        let outcomes = await results.value
        let statuses = outcomes.compactMap { if case .status(let code) = $0 { code } else { nil } }
        #expect(outcomes.count == burst)
        #expect(statuses.count == burst, "\(progress.inFlight) were in flight at SIGTERM: \(outcomes)")
        #expect(statuses.allSatisfy { $0 == 201 }, "\(outcomes)")
        #expect(progress.inFlight >= 5, "too few in flight at SIGTERM to show draining: \(progress)")
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

    /// The server's view of the burst: registrations being handled, and registrations answered.
    struct Progress: Sendable {
        var inFlight: Int
        var answered: Int
    }

    /// Polls `/metrics` until the server has read `count` registrations (in flight plus answered); returns the
    /// last reading.
    func waitUntilReceived(_ count: Int, base: String, client: HTTPCurlClient) async throws -> Progress {
        let deadline = ContinuousClock.now + .seconds(60)
        var last = Progress(inFlight: 0, answered: 0)
        while ContinuousClock.now < deadline {
            // A slow scrape on a busy machine is not a failure: poll again until the deadline.
            guard
                let response = try? await client.execute(
                    HTTPClientRequest(url: base + "/metrics", timeout: .seconds(10)))
            else { continue }
            let lines = response.bodyText.split(separator: "\n")
            func sum(_ prefix: String, containing: String = "") -> Int {
                Int(
                    lines.filter { $0.hasPrefix(prefix) && $0.contains(containing) }
                        .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
                        .reduce(0, +))
            }
            // POST requests only: the scrape in flight is a GET.
            last = Progress(
                inFlight: sum("http_server_active_requests{", containing: #"http_request_method="POST""#),
                answered: sum("http_server_requests_total{", containing: #"http_route="/api/auth/register""#))
            if last.inFlight + last.answered >= count { return last }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the server never read the whole burst: \(last)")
        return last
    }
}
