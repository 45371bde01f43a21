import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

/// SPEC §4 "HTTP caching" and "Search" through the binary on a real PostgreSQL (the router tests cover the
/// in-memory store).
@Suite(
    "HTTP caching and search on PostgreSQL", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["COURSED_TEST_DATABASE_URL"] != nil))
struct PostgresHTTPCachingTests {
    /// `redis`: with the Redis cache in front (when the test services include Redis), whose entries keep the
    /// bodies and tags sent (issue 17).
    @Test(arguments: [false, true])
    func etagsNotModifiedCacheControlAndSearch(redis: Bool) async throws {
        let redisURL = ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_URL"]
        if redis && redisURL == nil { return }
        let url = try await PostgresEndToEndTests.freshDatabase()
        var environment = [
            "DATABASE_URL": url, "JWT_SECRET": "e2e-secret-e2e-secret-e2e-secret-e2e",
            "ADMIN_EMAIL": "root@example.com", "ADMIN_PASSWORD": "root-password",
            "COURSED_MIGRATIONS_DIR": PostgresEndToEndTests.migrationsDirectory,
        ]
        if redis, let redisURL {
            environment["REDIS_URL"] = redisURL
            environment["CACHE_NAMESPACE"] = "http-caching-\(UUID().uuidString)"
        }
        let migrated = try await CoursedProcess.run(
            ["migrate", "--dir", PostgresEndToEndTests.migrationsDirectory], environment: environment)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let client = HTTPCurlClient(configuration: .init(threadCount: 4))
        let port = CoursedProcess.freePort()
        let base = "http://127.0.0.1:\(port)"
        let server = try CoursedProcess.start(["serve", "--port", String(port)], environment: environment)
        defer { kill(server.process.processIdentifier, SIGTERM) }
        try await PostgresEndToEndTests.waitUntilReady(base, client: client)

        func send(
            _ path: String, method: HTTPMethod = .get, token: String? = nil, body: String? = nil,
            headers extra: [String: String] = [:]
        ) async throws -> HTTPClientResponse {
            var headers: HTTPHeaders = ["content-type": "application/json"]
            if let token { headers.add(name: "authorization", value: "Bearer \(token)") }
            for (name, value) in extra { headers.add(name: name, value: value) }
            return try await client.execute(
                HTTPClientRequest(
                    method: method, url: base + path, headers: headers,
                    body: body.map { .bytes(Array($0.utf8)) } ?? .none))
        }
        func json(_ response: HTTPClientResponse) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
        }
        let login = try await send(
            "/api/auth/login", method: .post, body: #"{"email":"root@example.com","password":"root-password"}"#)
        let token = try #require(json(login)["token"] as? String)
        var ids: [String] = []
        for title in ["Swift Concurrency on Linux", "Swift Basics", "Painting with oil"] {
            let created = try await send("/api/courses", method: .post, token: token, body: #"{"title":"\#(title)"}"#)
            let id = try #require(json(created)["id"] as? String)
            let published = try await send(
                "/api/courses/\(id)", method: .patch, token: token, body: #"{"status":"published"}"#)
            #expect(published.status == 200)
            ids.append(id)
        }

        for path in ["/api/courses/\(ids[0])", "/api/courses?limit=2"] {
            let first = try await send(path)
            #expect(first.status == 200)
            let tag = first.headers.first(name: "etag") ?? ""
            #expect(tag.hasPrefix("\"") && tag.count > 2)
            #expect(first.headers.first(name: "cache-control") == "public, max-age=30, stale-while-revalidate=60")
            #expect(first.headers.first(name: "vary")?.contains("Authorization") == true)
            #expect(try await send(path).headers.first(name: "etag") == tag)
            let notModified = try await send(path, headers: ["if-none-match": tag])
            #expect(notModified.status == 304)
            #expect(notModified.body.isEmpty)
            let signedIn = try await send(path, token: token)
            #expect(signedIn.headers.first(name: "cache-control") == "private, no-cache")
            #expect(try await send(path, token: token, headers: ["if-none-match": tag]).status == 304)
        }

        // A write changes the body and its tag: the old tag gets the new body (through the cache too).
        let detail = "/api/courses/\(ids[0])"
        let oldTag = try await send(detail).headers.first(name: "etag") ?? ""
        let renamed = try await send(
            detail, method: .patch, token: token, body: #"{"title":"Swift Concurrency on Linux, 2nd ed."}"#)
        #expect(renamed.status == 200)
        let changed = try await send(detail, headers: ["if-none-match": oldTag])
        #expect(changed.status == 200)
        #expect(String(decoding: changed.body, as: UTF8.self).contains("2nd ed."))
        #expect(changed.headers.first(name: "etag") != oldTag)

        // Search: every word, the last as a prefix, `+` as a space, newest first.
        let search = try await send("/api/courses?q=SWIFT+concurr")
        #expect((json(search)["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[0]])
        let prefix = try await send("/api/courses?q=swi")
        #expect((json(prefix)["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[1], ids[0]])
        let tooLong = try await send("/api/courses?q=" + String(repeating: "x", count: 201))
        #expect(tooLong.status == 422)
        try? await client.shutdown()
    }
}
