import ArgumentParser
import CurlHTTPClient
import Foundation

/// `coursed verify --url URL`: the deploy verification of the platform's plan. One line per check; exits 1 at
/// the first failing one; the whole run is bounded by `--timeout`.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check a deployed instance: health, course listing, metrics, OpenAPI.")

    @Option(help: "Base URL of the instance, e.g. https://api.example.com") var url: String
    @Flag(help: "Accept a degraded health status.") var allowDegraded = false
    @Option(help: "Seconds the whole verification may take.") var timeout: Double = 30

    func run() async throws {
        guard let base = URL(string: url), let scheme = base.scheme?.lowercased(), ["http", "https"].contains(scheme),
            base.host != nil
        else { throw ValidationError("--url must be an http:// or https:// URL") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        let client = HTTPCurlClient()
        defer { Task { try? await client.shutdown() } }
        let verifier = DeployVerifier(
            baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url, allowDegraded: allowDegraded,
            deadline: ContinuousClock.now + .milliseconds(Int(timeout * 1000)),
            fetch: { request in try await client.execute(request) })
        let failure = await verifier.run { line in print(line) }
        try? await client.shutdown()
        if let failure { throw CommandFailure(code: 1, message: "verify failed: \(failure)") }
        print("verify passed")
    }
}
