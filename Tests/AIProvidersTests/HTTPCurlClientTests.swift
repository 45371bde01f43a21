import CurlHTTPClient
import Foundation
import Synchronization
import Testing

@Suite("HTTPCurlClient over real HTTP")
struct HTTPCurlClientTests {
    @Test func sendsMethodHeadersAndBodyAndReadsTheAnswer() async throws {
        try await withFixture { fixture async throws in
            let payload = Array("{\"hello\":\"world\"}".utf8)
            let response = try await fixture.client.execute(
                HTTPClientRequest(
                    method: .put, url: fixture.server.baseURL + "/_echo",
                    headers: ["x-custom": "one", "content-type": "application/json"], body: .bytes(payload)))
            #expect(response.status == 200)
            #expect(response.body == payload)
            #expect(response.headers.first(name: "X-Echo-Method") == "PUT")
            let recorded = try #require(fixture.server.requests.first)
            #expect(recorded.method == "PUT")
            #expect(recorded.header("x-custom") == "one")
            #expect(recorded.header("content-type") == "application/json")
            #expect(recorded.header("content-length") == "\(payload.count)")
            #expect(recorded.header("expect") == nil)
        }
    }

    @Test func postWithoutBodySendsEmptyBodyAndNoFormContentType() async throws {
        try await withFixture { fixture async throws in
            let response = try await fixture.client.execute(
                HTTPClientRequest(method: .post, url: fixture.server.baseURL + "/_echo"))
            #expect(response.status == 200)
            let recorded = try #require(fixture.server.requests.first)
            #expect(recorded.header("content-length") == "0")
            #expect(recorded.header("content-type") == nil)
        }
    }

    @Test func streamsAnUploadAndADownload() async throws {
        try await withFixture { fixture async throws in
            let total = 3 * 1024 * 1024 + 17
            let sent = Mutex(0)
            let source = HTTPBodySource { buffer in
                sent.withLock { offset in
                    let count = min(buffer.count, total - offset)
                    for index in 0..<count { buffer[index] = UInt8(truncatingIfNeeded: offset + index) }
                    offset += count
                    return count
                }
            }
            let received = Mutex<(count: Int, mismatches: Int)>((0, 0))
            let sink = HTTPBodySink { chunk in
                received.withLock { state in
                    for (index, byte) in chunk.enumerated()
                    where byte != UInt8(truncatingIfNeeded: state.count + index) {
                        state.mismatches += 1
                    }
                    state.count += chunk.count
                }
            }
            let response = try await fixture.client.execute(
                HTTPClientRequest(
                    method: .post, url: fixture.server.baseURL + "/_echo", body: .stream(length: nil, source)),
                streamingTo: sink)
            #expect(response.status == 200)
            #expect(response.bodyWasStreamed)
            #expect(response.body.isEmpty)
            #expect(received.withLock { $0.count } == total)
            #expect(received.withLock { $0.mismatches } == 0)
            #expect(fixture.server.requests.first?.header("transfer-encoding") == "chunked")
        }
    }

    @Test(arguments: [false, true])
    func oversizedAnswerIsATypedErrorAndTheClientGoesOn(chunked: Bool) async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(.huge(bytes: 50 * 1024 * 1024, chunked: chunked), for: .anthropic)
            let request = HTTPClientRequest(
                url: fixture.server.baseURL + "/v1/models", headers: ["x-api-key": FakeProviderServer.anthropicKey],
                maxResponseBytes: 1024 * 1024)
            await #expect(throws: HTTPClientError.tooLarge(limit: 1024 * 1024)) {
                try await fixture.client.execute(request)
            }
            fixture.server.setBehavior(.normal)
            #expect(try await fixture.client.execute(request).status == 200)
        }
    }

    @Test func aHangingServerIsBoundedByTheTimeout() async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(.hang)
            let started = ContinuousClock.now
            await #expect(throws: HTTPClientError.timeout) {
                try await fixture.client.execute(
                    HTTPClientRequest(
                        url: fixture.server.baseURL + "/v1/models",
                        headers: ["x-api-key": FakeProviderServer.anthropicKey], timeout: .milliseconds(300)))
            }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(290) && elapsed < .seconds(15))  // noisy machine: only "bounded"
        }
    }

    @Test func cancellingTheTaskAbortsTheTransferAtOnce() async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(.hang)
            let client = fixture.client
            let url = fixture.server.baseURL + "/v1/models"
            let task = Task {
                try await client.execute(
                    HTTPClientRequest(
                        url: url, headers: ["x-api-key": FakeProviderServer.anthropicKey], timeout: .seconds(30)))
            }
            try await fixture.waitForRequests(1)
            let cancelled = ContinuousClock.now
            task.cancel()
            await #expect(throws: HTTPClientError.cancelled) { try await task.value }
            #expect(ContinuousClock.now - cancelled < .seconds(10))  // well before the 30 s timeout
            #expect(client.statistics.failures == 1)
        }
    }

    @Test func refusedConnectionIsConnectFailed() async throws {
        // Port 1 is privileged and unused: no other test's server can take it over meanwhile.
        let url = "http://127.0.0.1:1/_echo"
        let client = HTTPCurlClient(configuration: .init(threadCount: 1))
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.execute(HTTPClientRequest(url: url))
        }
        if case .connectFailed = error {
        } else {
            Issue.record("expected connectFailed, got \(String(describing: error))")
        }
        try await client.shutdown()
    }

    @Test func rejectsHeaderInjectionAndOtherSchemes() async throws {
        let client = HTTPCurlClient(configuration: .init(threadCount: 1))
        await #expect(throws: HTTPClientError.invalidRequest("header name or value not allowed")) {
            try await client.execute(
                HTTPClientRequest(url: "http://127.0.0.1:1/", headers: ["x-a": "b\r\nInjected: yes"]))
        }
        await #expect(throws: HTTPClientError.invalidRequest("URL scheme must be http or https")) {
            try await client.execute(HTTPClientRequest(url: "file:///etc/passwd"))
        }
        try await client.shutdown()
        await #expect(throws: HTTPClientError.shutDown) {
            try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:1/"))
        }
    }

    @TaskLocal static var callerTag: String?

    @Test func theHeaderInjectorSeesTheCallersTaskLocalsAndIsValidated() async throws {
        let injector: @Sendable (inout HTTPHeaders) -> Void = { headers in
            if let tag = Self.callerTag { headers.replaceOrAdd(name: "x-caller", value: tag) }
        }
        try await withFixture(.init(threadCount: 2, headerInjector: injector)) { fixture async throws in
            let url = fixture.server.baseURL + "/_echo"
            _ = try await Self.$callerTag.withValue("request-1") {
                try await fixture.client.execute(HTTPClientRequest(url: url, headers: ["x-caller": "stale"]))
            }
            _ = try await fixture.client.execute(HTTPClientRequest(url: url))
            let recorded = fixture.server.requests
            #expect(recorded.count == 2)
            #expect(recorded.first?[headers: "x-caller"] == ["request-1"])
            #expect(recorded.last?.header("x-caller") == nil)
            // What the injector adds is checked like every other header.
            await #expect(throws: HTTPClientError.invalidRequest("header name or value not allowed")) {
                try await Self.$callerTag.withValue("a\r\nInjected: yes") {
                    try await fixture.client.execute(HTTPClientRequest(url: url))
                }
            }
        }
    }

    @Test func plainServerSpokenToOverTLSIsATLSError() async throws {
        try await withFixture { fixture async throws in
            let url = fixture.server.baseURL.replacingOccurrences(of: "http://", with: "https://") + "/_echo"
            let error = await #expect(throws: HTTPClientError.self) {
                try await fixture.client.execute(HTTPClientRequest(url: url))
            }
            if case .tls = error {} else { Issue.record("expected tls, got \(String(describing: error))") }
        }
    }
}
