import CourseDomain
import Foundation
import HTTPTypes
import Testing

/// SPEC §4 "HTTP caching": strong ETags on course and listing reads, 304 on `If-None-Match`, Cache-Control by caller.
struct HTTPCachingTests {
    private func ifNoneMatch(_ tag: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.ifNoneMatch] = tag
        return fields
    }

    /// `cached`: through the course cache, whose entries keep the bodies and tags sent (issue 17), or not.
    @Test(
        arguments: ["/api/courses/{id}", "/api/courses?limit=5", "/api/courses?category=programming"], [false, true])
    func anonymousReadsArePublicAndRevalidate(path: String, cached: Bool) async throws {
        try await withAPI(cached: cached) { api in
            let owner = try await api.makeUser(.instructor, name: "owner")
            let id = try await api.course(
                owner: owner, status: .published, ["title": "Swift", "category": "programming"])
            let url = path.replacingOccurrences(of: "{id}", with: id)
            let first = try await api.send(.get, url)
            #expect(first.code == 200)
            let tag = try #require(first.header("ETag"))
            #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.hasPrefix("W/"))
            #expect(first.header("Cache-Control") == "public, max-age=30, stale-while-revalidate=60")
            #expect(first.header("Vary")?.contains("Authorization") == true)
            // The same body has the same tag; a matching If-None-Match is a 304 without a body.
            let again = try await api.send(.get, url)
            #expect(again.header("ETag") == tag)
            #expect(again.text == first.text)
            for header in [tag, "W/\(tag)", "\"other\", \(tag)", "*"] {
                let notModified = try await api.send(.get, url, headers: ifNoneMatch(header))
                #expect(notModified.code == 304, "If-None-Match: \(header)")
                #expect(notModified.text.isEmpty)
                #expect(notModified.header("ETag") == tag)
                #expect(notModified.header("Cache-Control") == first.header("Cache-Control"))
            }
            #expect(try await api.send(.get, url, headers: ifNoneMatch("\"other\"")).code == 200)
            // A write changes the body and so the tag: the old tag gets the new body.
            let patched = try await api.send(
                .patch, "/api/courses/\(id)", token: owner.token, json: #"{"title": "Swift 6"}"#)
            #expect(patched.code == 200)
            let changed = try await api.send(.get, url, headers: ifNoneMatch(tag))
            #expect(changed.code == 200)
            #expect(changed.text.contains("Swift 6"))
            let newTag = try #require(changed.header("ETag"))
            #expect(newTag != tag)
        }
    }

    @Test(arguments: [false, true])
    func signedInReadsArePrivateAndVaryOnAuthorization(cached: Bool) async throws {
        try await withAPI(cached: cached) { api in
            let owner = try await api.makeUser(.instructor, name: "owner")
            let id = try await api.course(owner: owner, status: .draft, ["title": "Draft"])
            for url in ["/api/courses/\(id)", "/api/courses"] {
                let response = try await api.send(.get, url, token: owner.token)
                #expect(response.code == 200)
                #expect(response.header("Cache-Control") == "private, no-cache")
                #expect(response.header("Vary")?.contains("Authorization") == true)
                let tag = try #require(response.header("ETag"))
                let notModified = try await api.send(.get, url, token: owner.token, headers: ifNoneMatch(tag))
                #expect(notModified.code == 304)
                #expect(notModified.text.isEmpty)
                #expect(notModified.header("Cache-Control") == "private, no-cache")
            }
            // The draft is invisible anonymously: a 404 whatever tag is sent, and no public caching of it.
            let anonymous = try await api.send(.get, "/api/courses/\(id)", headers: ifNoneMatch("*"))
            #expect(anonymous.code == 404)
            #expect(anonymous.header("Cache-Control")?.hasPrefix("public") != true)
        }
    }

    @Test func corsKeepsVaryOnAuthorization() async throws {
        try await withAPI { api in
            var headers = HTTPFields()
            headers[.origin] = TestAPI.allowedOrigin
            let response = try await api.send(.get, "/api/courses", headers: headers)
            let vary = response.header("Vary") ?? ""
            #expect(vary.contains("Authorization") && vary.contains("Origin"))
        }
    }

    @Test func plusInTheQueryIsASpace() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor, name: "owner")
            let match = try await api.course(owner: owner, status: .published, ["title": "Swift Concurrency"])
            _ = try await api.course(owner: owner, status: .published, ["title": "Swift Basics"])
            let plus = try await api.send(.get, "/api/courses?q=swift+concurr")
            #expect(plus.itemIDs == [match])
            let escaped = try await api.send(.get, "/api/courses?q=swift%2Bconcurr")
            #expect(escaped.itemIDs == [match])  // `+` itself is a separator, like any punctuation
            let tooLong = try await api.send(.get, "/api/courses?q=" + String(repeating: "a+", count: 101))
            #expect(tooLong.code == 422)
            #expect(tooLong.errorField == "q")
        }
    }
}
