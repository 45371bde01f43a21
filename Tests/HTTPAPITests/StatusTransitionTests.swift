import CourseDomain
import HTTPTypes
import Persistence
import Testing

/// The course life cycle through `PATCH /api/courses/{id}`: draft -> published -> archived -> draft, nothing else.
struct StatusTransitionTests {
    static let allowed: Set<[CourseStatus]> = [
        [.draft, .published], [.published, .archived], [.archived, .draft],
        [.draft, .draft], [.published, .published], [.archived, .archived],
    ]

    static var everyPair: [(CourseStatus, CourseStatus)] {
        CourseStatus.allCases.flatMap { from in CourseStatus.allCases.map { (from, $0) } }
    }

    @Test(arguments: everyPair)
    func transition(from: CourseStatus, to: CourseStatus) async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let id = try await api.course(owner: owner, status: from)
            let response = try await api.setStatus(id, to, as: owner)
            let stored = try await api.send(.get, "/api/courses/\(id)", token: owner.token)
            if Self.allowed.contains([from, to]) {
                #expect(response.code == 200, "\(from) -> \(to): \(response.text)")
                #expect(response.json?["status"]?.stringValue == to.rawValue)
                #expect(stored.json?["status"]?.stringValue == to.rawValue)
            } else {
                #expect(response.code == 409, "\(from) -> \(to): \(response.text)")
                #expect(response.errorCode == "conflict")
                #expect(stored.json?["status"]?.stringValue == from.rawValue)
            }
        }
    }

    @Test func fullCycleByAnAdmin() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let admin = try await api.makeUser(.admin)
            let id = try await api.course(owner: owner, status: .draft)
            for next in [CourseStatus.published, .archived, .draft, .published] {
                #expect(try await api.setStatus(id, next, as: admin).code == 200, "-> \(next)")
            }
        }
    }

    @Test func refusedTransitionChangesNothingElse() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let id = try await api.course(owner: owner, status: .draft, ["title": .string("Original")])
            let response = try await api.send(
                .patch, "/api/courses/\(id)", token: owner.token, json: #"{"title":"Changed","status":"archived"}"#)
            #expect(response.code == 409)
            let stored = try await api.send(.get, "/api/courses/\(id)", token: owner.token)
            #expect(stored.json?["title"]?.stringValue == "Original")
        }
    }

    @Test func patchBumpsUpdatedAtButNotCreatedAt() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let course = try await api.createCourse(as: owner)
            let id = try #require(course["id"]?.stringValue)
            api.clock.advance(5)
            let response = try await api.setStatus(id, .published, as: owner)
            #expect(response.json?["created_at"] == course["created_at"])
            let before = try #require(course["updated_at"]?.stringValue)
            let after = try #require(response.json?["updated_at"]?.stringValue)
            #expect(after > before)
        }
    }
}
