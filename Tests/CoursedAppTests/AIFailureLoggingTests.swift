import CourseDomain
import LogTestSupport
import Logging
import Observability
import Testing

@testable import CoursedApp

@Suite("AI failures that no provider logs get a log line")
struct AIFailureLoggingTests {
    @Test(arguments: [
        (ProviderFailure.timeout, "timed out"), (.transport("connection refused"), "connection refused"),
        (.invalidResponse("not JSON"), "not JSON"),
    ])
    func timeoutsTransportErrorsAndUnusableAnswersAreLogged(failure: ProviderFailure, reason: String) {
        let capture = LogCapture()
        AIComposition.record(
            .providerFailed(provider: "gemini", failure: failure), into: AIMetrics(), logger: capture.logger())
        let line = capture.logs.first { $0.message == "AI provider call failed" }
        #expect(line?.level == .warning)
        #expect(line?.metadata["provider"]?.description == "gemini")
        #expect(line?.metadata["reason"]?.description.contains(reason) == true)
    }

    @Test func failuresTheProvidersLogThemselvesAreNotLoggedTwice() {
        let capture = LogCapture()
        for failure in [ProviderFailure.serverError(status: 500), .rateLimited(retryAfterSeconds: 3)] {
            AIComposition.record(
                .providerFailed(provider: "anthropic", failure: failure), into: AIMetrics(), logger: capture.logger())
        }
        #expect(capture.logs.isEmpty)
    }
}
