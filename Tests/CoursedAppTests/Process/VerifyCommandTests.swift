import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

@Suite("coursed verify against running instances", .serialized)
struct VerifyCommandTests {
    /// Runs `body` against a `coursed serve` with `yaml` as its development configuration.
    func withServer(yaml: String = "", _ body: (String) async throws -> Void) async throws {
        try await CoursedProcess.serving(yaml: yaml, body)
    }

    @Test func aHealthyInstancePasses() async throws {
        try await withServer { base in
            let outcome = try await CoursedProcess.run(["verify", "--url", base])
            #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
            #expect(outcome.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("ok ") }.count == 4)
        }
    }

    @Test func aDegradedInstanceFailsUnlessAllowed() async throws {
        let yaml = "monitoring:\n  external_services:\n    payments: http://127.0.0.1:1/health\n"
        try await withServer(yaml: yaml) { base in
            let strict = try await CoursedProcess.run(["verify", "--url", base])
            #expect(strict.status == 1)
            #expect(strict.stdout.contains("FAIL health"))
            let lenient = try await CoursedProcess.run(["verify", "--url", base, "--allow-degraded"])
            #expect(lenient.status == 0, "\(lenient.stdout)")
        }
    }

    @Test func nothingListeningFailsWithinTheBound() async throws {
        let started = ContinuousClock.now
        let outcome = try await CoursedProcess.run(
            ["verify", "--url", "http://127.0.0.1:\(CoursedProcess.freePort())", "--timeout", "5"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("FAIL health"))
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func aBadURLIsBadUsage() async throws {
        #expect(try await CoursedProcess.run(["verify", "--url", "ftp://example.com"]).status == 2)
    }
}
