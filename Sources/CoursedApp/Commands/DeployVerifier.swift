import CoreSupport
import CurlHTTPClient
import Foundation

/// The checks of `coursed verify`, over an injected fetch so they are testable against any server.
struct DeployVerifier: Sendable {
    let baseURL: String
    let allowDegraded: Bool
    let deadline: ContinuousClock.Instant
    let fetch: @Sendable (HTTPClientRequest) async throws -> HTTPClientResponse

    /// Runs the checks in order, reporting one line each; returns the first failure, or nil when all pass.
    func run(report: (String) -> Void) async -> String? {
        let checks: [(String, String, @Sendable (HTTPClientResponse) -> String?)] = [
            ("health", "/api/health", checkHealth), ("courses", "/api/courses?limit=1", checkListing),
            ("metrics", "/metrics", checkMetrics), ("openapi", "/openapi.yaml", checkOpenAPI),
        ]
        for (name, path, check) in checks {
            let started = ContinuousClock.now
            let remaining = deadline - started
            guard remaining > .zero else {
                report("FAIL \(name): out of time")
                return "\(name): out of time"
            }
            let problem: String?
            do {
                let response = try await fetch(
                    HTTPClientRequest(
                        url: baseURL + path, timeout: min(remaining, .seconds(10)),
                        connectTimeout: min(remaining, .seconds(5)), maxResponseBytes: 8 << 20))
                problem = check(response)
            } catch {
                problem = "request failed: \(error)"
            }
            let elapsed = ContinuousClock.now - started
            let millis = Int(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            if let problem {
                report("FAIL \(name) \(path): \(problem)")
                return "\(name): \(problem)"
            }
            report("ok   \(name) \(path) (\(millis) ms)")
        }
        return nil
    }

    private func json(_ response: HTTPClientResponse) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
    }

    func checkHealth(_ response: HTTPClientResponse) -> String? {
        let status = json(response)?["status"] as? String
        let accepted = allowDegraded ? ["healthy", "degraded"] : ["healthy"]
        guard let status else { return "HTTP \(response.status), no health document" }
        guard accepted.contains(status), response.status == 200 else {
            return
                "status \(status) (HTTP \(response.status))\(allowDegraded ? "" : "; --allow-degraded accepts degraded")"
        }
        return nil
    }

    func checkListing(_ response: HTTPClientResponse) -> String? {
        guard response.status == 200 else { return "HTTP \(response.status)" }
        guard let body = json(response), body["items"] is [Any], body.keys.contains("next_cursor") else {
            return "the body is not {items, next_cursor}"
        }
        return nil
    }

    func checkMetrics(_ response: HTTPClientResponse) -> String? {
        guard response.status == 200 else { return "HTTP \(response.status)" }
        return response.bodyText.contains("# TYPE") ? nil : "no Prometheus metrics in the body"
    }

    func checkOpenAPI(_ response: HTTPClientResponse) -> String? {
        guard response.status == 200 else { return "HTTP \(response.status)" }
        return response.bodyText.hasPrefix("openapi:") ? nil : "not an OpenAPI document"
    }
}
