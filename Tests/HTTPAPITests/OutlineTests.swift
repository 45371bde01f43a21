import CourseDomain
import HTTPTypes
import Persistence
import Testing

/// `POST /api/courses/{id}/outline` with fake providers: who may ask, what is saved, and the 429/503 answers.
struct OutlineTests {
    static func provider() -> AISetup { AISetup(providers: [FakeTextGenerator()], budget: InMemoryRateBudget()) }

    @Test(arguments: [CourseStatus.draft, .published])
    func whoMayAskForAnOutline(status: CourseStatus) async throws {
        try await withAPI(ai: Self.provider()) { api in
            let cast = try await RoleMatrixTests.Cast(api)
            let id = try await api.course(owner: cast.owner, status: status)
            let denied = status == .published ? 403 : 404
            let table = [
                (cast.anonymous, 401), (cast.student, denied), (cast.other, denied), (cast.owner, 200),
                (cast.admin, 200),
            ]
            for (caller, expected) in table {
                let response = try await api.send(.post, "/api/courses/\(id)/outline", token: caller.token)
                #expect(response.code == expected, "\(caller): \(response.text)")
            }
        }
    }

    @Test func outlineIsReturnedAndSavedIntoMetadata() async throws {
        try await withAPI(ai: Self.provider()) { api in
            let owner = try await api.makeUser(.instructor)
            let id = try await api.course(
                owner: owner, status: .draft, ["title": "Swift", "metadata": .object(["tags": .array(["x"])])])
            let response = try await api.send(.post, "/api/courses/\(id)/outline", token: owner.token)
            #expect(response.code == 200, "\(response.text)")
            #expect(response.json?["outline"]?.stringValue == FakeTextGenerator.outline)
            #expect(response.json?["provider"]?.stringValue == "fake")
            #expect(response.json?["model"]?.stringValue == "fake-model-1")
            #expect(response.json?["usage"]?["input_tokens"]?.intValue == 12)
            #expect(response.json?["usage"]?["output_tokens"]?.intValue == 34)
            #expect(!response.text.contains("<"), "escaped")
            let stored = try await api.send(.get, "/api/courses/\(id)", token: owner.token)
            #expect(stored.json?["metadata"]?["outline"]?.stringValue == FakeTextGenerator.outline)
            #expect(stored.json?["metadata"]?["tags"]?[0]?.stringValue == "x", "other metadata is kept")
            #expect(response.json?["course"] == stored.json)
        }
    }

    @Test func noProviderIs503() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let id = try await api.course(owner: owner, status: .draft)
            let response = try await api.send(.post, "/api/courses/\(id)/outline", token: owner.token)
            #expect(response.code == 503)
            #expect(response.errorCode == "service_unavailable")
        }
    }

    @Test func exhaustedBudgetIs429WithRetryAfter() async throws {
        let generator = FakeTextGenerator()
        try await withAPI(ai: AISetup(providers: [generator], budget: ExhaustedBudget())) { api in
            let owner = try await api.makeUser(.instructor)
            let id = try await api.course(owner: owner, status: .draft)
            let response = try await api.send(.post, "/api/courses/\(id)/outline", token: owner.token)
            #expect(response.code == 429)
            #expect(response.errorCode == "rate_limited")
            #expect(response.header("Retry-After") == String(ExhaustedBudget.retryAfter))
            #expect(generator.callCount == 0, "the provider is not called over budget")
            let stored = try await api.send(.get, "/api/courses/\(id)", token: owner.token)
            #expect(stored.json?["metadata"]?["outline"] == nil)
        }
    }

    @Test(arguments: [
        (ProviderFailure.invalidResponse("not JSON"), 503), (.serverError(status: 500), 503), (.timeout, 503),
        (.rateLimited(retryAfterSeconds: 7), 429),
    ])
    func providerFailuresAreCleanErrors(failure: ProviderFailure, status: Int) async throws {
        let ai = AISetup(providers: [FakeTextGenerator(failing: failure)], budget: InMemoryRateBudget())
        try await withAPI(ai: ai) { api in
            let owner = try await api.makeUser(.instructor)
            let id = try await api.course(owner: owner, status: .draft)
            let response = try await api.send(.post, "/api/courses/\(id)/outline", token: owner.token)
            #expect(response.code == status, "\(failure): \(response.text)")
            #expect(response.errorMessage?.contains("fake") == false, "no provider detail leaks")
        }
    }

    @Test func missingOrMalformedCourseIs404() async throws {
        try await withAPI(ai: Self.provider()) { api in
            let admin = try await api.makeUser(.admin)
            for id in [nilUUID, "nope"] {
                let response = try await api.send(.post, "/api/courses/\(id)/outline", token: admin.token)
                #expect(response.code == 404)
                #expect(!response.isUnmatchedRoute)
            }
        }
    }
}
