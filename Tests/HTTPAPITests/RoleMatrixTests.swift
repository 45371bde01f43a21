import CourseDomain
import HTTPTypes
import Persistence
import Testing

/// Every role against every route: anonymous, student, the course's instructor, another instructor, an admin.
struct RoleMatrixTests {
    /// The five kinds of caller of the matrix.
    struct Cast {
        let anonymous: Caller
        let student: Caller
        let owner: Caller
        let other: Caller
        let admin: Caller

        var all: [Caller] { [anonymous, student, owner, other, admin] }

        init(_ api: TestAPI) async throws {
            anonymous = .anonymous
            student = try await api.register()
            owner = try await api.makeUser(.instructor, name: "owner")
            other = try await api.makeUser(.instructor, name: "other instructor")
            admin = try await api.makeUser(.admin)
        }
    }

    /// Sends the same request as each caller and compares each status with the table.
    func expectStatuses(
        _ expected: [(Caller, Int)], sourceLocation: SourceLocation = #_sourceLocation,
        _ request: (Caller) async throws -> APIResponse
    ) async throws {
        for (caller, status) in expected {
            let response = try await request(caller)
            #expect(response.code == status, "\(caller): \(response.text)", sourceLocation: sourceLocation)
        }
    }

    @Test func createCourse() async throws {
        try await withAPI { api in
            let cast = try await Cast(api)
            let table = [
                (cast.anonymous, 401), (cast.student, 403), (cast.owner, 201), (cast.other, 201), (cast.admin, 201),
            ]
            try await expectStatuses(table) { caller in
                let response = try await api.send(.post, "/api/courses", token: caller.token, json: #"{"title":"T"}"#)
                if response.code == 201 {
                    #expect(response.json?["instructor_id"]?.stringValue == caller.id)
                    #expect(response.json?["status"]?.stringValue == "draft")
                }
                return response
            }
        }
    }

    @Test(arguments: [CourseStatus.draft, .archived])
    func getUnpublishedCourse(status: CourseStatus) async throws {
        try await withAPI { api in
            let cast = try await Cast(api)
            let id = try await api.course(owner: cast.owner, status: status)
            let table = [
                (cast.anonymous, 404), (cast.student, 404), (cast.owner, 200), (cast.other, 404), (cast.admin, 200),
            ]
            try await expectStatuses(table) { try await api.send(.get, "/api/courses/\(id)", token: $0.token) }
        }
    }

    @Test func getPublishedCourse() async throws {
        try await withAPI { api in
            let cast = try await Cast(api)
            let id = try await api.course(owner: cast.owner, status: .published)
            try await expectStatuses(cast.all.map { ($0, 200) }) { caller in
                let response = try await api.send(.get, "/api/courses/\(id)", token: caller.token)
                #expect(response.id == id)
                return response
            }
        }
    }

    @Test func listShowsWhatEachCallerMaySee() async throws {
        try await withAPI { api in
            let cast = try await Cast(api)
            let published = try await api.course(owner: cast.owner, status: .published)
            let draft = try await api.course(owner: cast.owner, status: .draft)
            let archived = try await api.course(owner: cast.owner, status: .archived)
            let othersDraft = try await api.course(owner: cast.other, status: .draft)
            let expected: [(Caller, Set<String>)] = [
                (cast.anonymous, [published]), (cast.student, [published]),
                (cast.owner, [published, draft, archived]), (cast.other, [published, othersDraft]),
                (cast.admin, [published, draft, archived, othersDraft]),
            ]
            for (caller, ids) in expected {
                let response = try await api.send(.get, "/api/courses", token: caller.token)
                #expect(response.code == 200)
                #expect(Set(response.itemIDs) == ids, "\(caller)")
                #expect(response.itemIDs.count == ids.count, "\(caller): duplicates")
            }
        }
    }

    @Test(arguments: [CourseStatus.draft, .published])
    func patchCourse(status: CourseStatus) async throws {
        try await withAPI { api in
            let cast = try await Cast(api)
            let id = try await api.course(owner: cast.owner, status: status)
            // A caller who may not even see a draft gets 404, one who sees it but may not edit it 403.
            let denied = status == .published ? 403 : 404
            let table = [
                (cast.anonymous, 401), (cast.student, denied), (cast.other, denied), (cast.owner, 200),
                (cast.admin, 200),
            ]
            try await expectStatuses(table) { caller in
                let title = "renamed by \(caller.name)"
                let response = try await api.send(
                    .patch, "/api/courses/\(id)", token: caller.token, json: jsonBody(["title": .string(title)]))
                if response.code == 200 { #expect(response.json?["title"]?.stringValue == title) }
                return response
            }
            let stored = try await api.send(.get, "/api/courses/\(id)", token: cast.admin.token)
            #expect(stored.json?["title"]?.stringValue == "renamed by admin")
        }
    }

    @Test(arguments: [CourseStatus.draft, .published])
    func deleteCourse(status: CourseStatus) async throws {
        try await withAPI { api in
            let cast = try await Cast(api)
            let denied = status == .published ? 403 : 404
            for (caller, expected) in [
                (cast.anonymous, 401), (cast.student, denied), (cast.other, denied), (cast.owner, 204),
                (cast.admin, 204),
            ] {
                let id = try await api.course(owner: cast.owner, status: status)
                let response = try await api.send(.delete, "/api/courses/\(id)", token: caller.token)
                #expect(response.code == expected, "\(caller): \(response.text)")
                let after = try await api.send(.get, "/api/courses/\(id)", token: cast.admin.token)
                #expect(after.code == (expected == 204 ? 404 : 200), "\(caller)")
                if expected == 204 { #expect(response.text.isEmpty) }
            }
        }
    }

    @Test func changeRole() async throws {
        try await withAPI { api in
            let cast = try await Cast(api)
            let target = try await api.register()
            let table = [
                (cast.anonymous, 401), (cast.student, 403), (cast.owner, 403), (cast.other, 403), (cast.admin, 200),
            ]
            try await expectStatuses(table) { caller in
                let response = try await api.send(
                    .patch, "/api/users/\(target.id)", token: caller.token, json: #"{"role":"instructor"}"#)
                if response.code == 200 {
                    #expect(response.json?["role"]?.stringValue == "instructor")
                    #expect(response.json?["id"]?.stringValue == target.id)
                }
                return response
            }
            // A student cannot promote itself either.
            let selfPromotion = try await api.send(
                .patch, "/api/users/\(cast.student.id)", token: cast.student.token, json: #"{"role":"admin"}"#)
            #expect(selfPromotion.code == 403)
        }
    }

    @Test func me() async throws {
        try await withAPI { api in
            let cast = try await Cast(api)
            let roles = [(cast.student, "student"), (cast.owner, "instructor"), (cast.admin, "admin")]
            for (caller, role) in roles {
                let response = try await api.send(.get, "/api/me", token: caller.token)
                #expect(response.code == 200)
                #expect(response.json?["id"]?.stringValue == caller.id)
                #expect(response.json?["email"]?.stringValue == caller.email)
                #expect(response.json?["role"]?.stringValue == role)
            }
            #expect(try await api.send(.get, "/api/me").code == 401)
        }
    }

    @Test func promotedUserGetsTheNewRoleWithTheSameToken() async throws {
        try await withAPI { api in
            let admin = try await api.makeUser(.admin)
            let user = try await api.register()
            #expect(try await api.send(.post, "/api/courses", token: user.token, json: #"{"title":"T"}"#).code == 403)

            let promoted = try await api.send(
                .patch, "/api/users/\(user.id)", token: admin.token, json: #"{"role":"instructor"}"#)
            #expect(promoted.code == 200)
            #expect(try await api.send(.get, "/api/me", token: user.token).json?["role"]?.stringValue == "instructor")
            let created = try await api.send(.post, "/api/courses", token: user.token, json: #"{"title":"T"}"#)
            #expect(created.code == 201)

            let demoted = try await api.send(
                .patch, "/api/users/\(user.id)", token: admin.token, json: #"{"role":"student"}"#)
            #expect(demoted.code == 200)
            #expect(try await api.send(.post, "/api/courses", token: user.token, json: #"{"title":"T"}"#).code == 403)

            let madeAdmin = try await api.send(
                .patch, "/api/users/\(user.id)", token: admin.token, json: #"{"role":"admin"}"#)
            #expect(madeAdmin.code == 200)
            let other = try await api.register()
            let change = try await api.send(
                .patch, "/api/users/\(other.id)", token: user.token, json: #"{"role":"instructor"}"#)
            #expect(change.code == 200)
        }
    }

    @Test func changeRoleOfMissingOrMalformedUserIs404() async throws {
        try await withAPI { api in
            let admin = try await api.makeUser(.admin)
            for id in ["00000000-0000-0000-0000-000000000000", "not-a-uuid", "1"] {
                let response = try await api.send(
                    .patch, "/api/users/\(id)", token: admin.token, json: #"{"role":"instructor"}"#)
                #expect(response.code == 404, "\(id)")
                #expect(!response.isUnmatchedRoute)
            }
        }
    }
}
