import AIProviders
import CourseDomain
import CurlHTTPClient
import Foundation
import Testing

/// Connection reuse and per-call overhead over 1,000 calls against the fake server (printed for the report).
@Suite(.serialized)
struct MeasurementTests {
    static let calls = 1000

    @Test func reusesConnectionsAcross1000SequentialCalls() async throws {
        try await withFixture(.init(threadCount: 4)) { fixture async throws in
            let request = HTTPClientRequest(
                url: fixture.server.baseURL + "/v1/models", headers: ["x-api-key": FakeProviderServer.anthropicKey])
            for _ in 0..<Self.calls { _ = try await fixture.client.execute(request) }
            let stats = fixture.client.statistics
            print(
                "[measure] sequential: \(stats.requests) calls, \(stats.connectionsOpened) connections opened "
                    + "(\(stats.requests - stats.connectionsOpened) reused), \(stats.handlesCreated) handles, "
                    + "server accepted \(fixture.server.connectionsAccepted)")
            #expect(stats.requests == Self.calls)
            #expect(stats.connectionsOpened <= 4)
            #expect(fixture.server.connectionsAccepted == stats.connectionsOpened)
        }
    }

    @Test func reusesConnectionsAcross1000ConcurrentCalls() async throws {
        try await withFixture(.init(threadCount: 4)) { fixture async throws in
            let request = HTTPClientRequest(
                url: fixture.server.baseURL + "/v1/models", headers: ["x-api-key": FakeProviderServer.anthropicKey])
            let client = fixture.client
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        for _ in stride(from: worker, to: Self.calls, by: 16) { _ = try await client.execute(request) }
                    }
                }
                try await group.waitForAll()
            }
            let stats = client.statistics
            print(
                "[measure] 16 concurrent callers, 4 I/O threads: \(stats.requests) calls, "
                    + "\(stats.connectionsOpened) connections opened (\(stats.requests - stats.connectionsOpened) reused), "
                    + "\(stats.handlesCreated) handles, server accepted \(fixture.server.connectionsAccepted)")
            #expect(stats.requests == Self.calls)
            #expect(stats.handlesCreated <= 4)
            #expect(stats.connectionsOpened <= 4)
        }
    }

    @Test func routerAndClientOverheadPerCall() async throws {
        try await withFixture(.init(threadCount: 4)) { fixture async throws in
            let router = AIRouter(
                providers: [fixture.anthropic(), fixture.gemini()], budget: RecordingBudget())
            let generation = TextGenerationRequest(
                system: "Be brief.", prompt: String(repeating: "course ", count: 100))
            let raw = HTTPClientRequest(
                url: fixture.server.baseURL + "/v1/models", headers: ["x-api-key": FakeProviderServer.anthropicKey])
            // Warm up the connection and code paths.
            for _ in 0..<50 {
                _ = try await router.generate(generation)
                _ = try await fixture.client.execute(raw)
            }
            var routed: [Double] = []
            var plain: [Double] = []
            let clock = ContinuousClock()
            for _ in 0..<Self.calls {
                routed.append(try await clock.measure { _ = try await router.generate(generation) }.microseconds)
                plain.append(try await clock.measure { _ = try await fixture.client.execute(raw) }.microseconds)
            }
            routed.sort()
            plain.sort()
            func show(_ samples: [Double]) -> String {
                String(format: "p50 %.0f us, p99 %.0f us", percentile(samples, 50), percentile(samples, 99))
            }
            print("[measure] router+anthropic client per call: \(show(routed)); plain client GET: \(show(plain))")
            #expect(routed.count == Self.calls)
            #expect(percentile(routed, 50) < 50_000, "a local call should take well under 50 ms")
        }
    }
}
