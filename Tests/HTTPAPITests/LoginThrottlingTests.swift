import CourseDomain
import Foundation
import HTTPTypes
import Testing

/// SPEC §4 "Login throttling": after 5 failures for one email within 15 minutes, 429 with `Retry-After` and
/// growing delays; unknown emails alike; other accounts keep working.
@Suite("Login throttling over HTTP")
struct LoginThrottlingTests {
    static func attempt(_ api: TestAPI, _ email: String, _ password: String) async throws -> APIResponse {
        try await api.send(
            .post, "/api/auth/login", json: jsonBody(["email": .string(email), "password": .string(password)]))
    }

    @Test func theSixthFailureInARowIs429WithRetryAfterUntilTheDelayEnds() async throws {
        try await withAPI { api in
            let user = try await api.register()
            for _ in 0..<5 { #expect(try await Self.attempt(api, user.email, "wrong password").code == 401) }
            let throttled = try await Self.attempt(api, user.email, "wrong password")
            #expect(throttled.code == 429)
            #expect(throttled.errorCode == "rate_limited")
            let retryAfter = try #require(throttled.header("Retry-After").flatMap { Int($0) })
            #expect(retryAfter >= 1 && retryAfter <= 15 * 60)
            #expect(
                try await Self.attempt(api, user.email, TestAPI.password).code == 429,
                "even the right password waits: no password is checked while throttled")
            api.clock.advance(TimeInterval(retryAfter))
            #expect(try await Self.attempt(api, user.email, TestAPI.password).code == 200)
        }
    }

    @Test func unknownEmailsAreThrottledLikeKnownOnes() async throws {
        try await withAPI { api in
            let known = try await api.register()
            let unknown = TestAPI.uniqueEmail("nobody")
            for email in [known.email, unknown] {
                for _ in 0..<5 { #expect(try await Self.attempt(api, email, "wrong password").code == 401) }
            }
            let answers = [
                try await Self.attempt(api, known.email, "wrong password"),
                try await Self.attempt(api, unknown, "wrong password"),
            ]
            #expect(answers.map(\.code) == [429, 429])
            #expect(answers[0].errorMessage == answers[1].errorMessage)
            #expect(answers[0].header("Retry-After") == answers[1].header("Retry-After"))
        }
    }

    @Test func otherAccountsKeepWorking() async throws {
        try await withAPI { api in
            let victim = try await api.register()
            let other = try await api.register()
            for _ in 0..<6 { _ = try await Self.attempt(api, victim.email, "wrong password") }
            #expect(try await Self.attempt(api, victim.email, "wrong password").code == 429)
            #expect(try await Self.attempt(api, other.email, "wrong password").code == 401)
            #expect(try await Self.attempt(api, other.email, TestAPI.password).code == 200)
            #expect(try await Self.attempt(api, victim.email, "wrong password").code == 429)
        }
    }

    @Test func delaysGrowWithFurtherFailuresAndEndAfterTheWindow() async throws {
        try await withAPI { api in
            let user = try await api.register()
            for _ in 0..<5 { _ = try await Self.attempt(api, user.email, "wrong password") }
            let first = try #require(
                try await Self.attempt(api, user.email, "wrong").header("Retry-After").flatMap { Int($0) })
            api.clock.advance(TimeInterval(first))
            #expect(try await Self.attempt(api, user.email, "wrong password").code == 401, "one more try")
            let second = try #require(
                try await Self.attempt(api, user.email, "wrong").header("Retry-After").flatMap { Int($0) })
            #expect(second > first, "growing delays")
            api.clock.advance(15 * 60)
            #expect(try await Self.attempt(api, user.email, TestAPI.password).code == 200, "not a lock-out")
        }
    }

    @Test func aSuccessClearsThatEmailsFailures() async throws {
        try await withAPI { api in
            let user = try await api.register()
            for _ in 0..<4 { _ = try await Self.attempt(api, user.email, "wrong password") }
            #expect(try await Self.attempt(api, user.email, TestAPI.password).code == 200)
            for _ in 0..<4 { #expect(try await Self.attempt(api, user.email, "wrong password").code == 401) }
        }
    }
}

/// The client address is what the server sees (no `X-Forwarded-For` is trusted): served on loopback.
@Suite("Login throttling per client address")
struct LoginAddressThrottlingTests {
    @Test func aHundredFailuresFromOneAddressThrottleItWhateverTheEmails() async throws {
        try await withAPI(live: true) { api in
            let user = try await api.register()
            for index in 0..<100 {
                let response = try await LoginThrottlingTests.attempt(
                    api, TestAPI.uniqueEmail("guess\(index)"), "wrong password")
                try #require(response.code == 401, "failure \(index + 1): \(response.code)")
            }
            let throttled = try await api.send(
                .post, "/api/auth/login",
                json: jsonBody(["email": .string(user.email), "password": .string(TestAPI.password)]),
                headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.9"])
            #expect(throttled.code == 429, "a forwarded-for header does not change the address")
            #expect(throttled.header("Retry-After") != nil)
            api.clock.advance(60)
            #expect(try await LoginThrottlingTests.attempt(api, user.email, TestAPI.password).code == 200)
        }
    }
}
