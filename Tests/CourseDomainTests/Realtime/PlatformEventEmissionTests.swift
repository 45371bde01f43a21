import CourseDomain
import Foundation
import Testing

@Suite("The use cases publish SPEC §16's events after a write that changed something")
struct PlatformEventEmissionTests {
    let owner = Principal(id: UUID(), role: .instructor)

    private func catalog(_ course: Course) -> (CatalogService, RealtimeCourseStore, RecordingEventPublisher) {
        let store = RealtimeCourseStore([course])
        let events = RecordingEventPublisher()
        return (CatalogService(courses: store, clock: StillClock(), events: events), store, events)
    }

    private func names(_ events: [DomainEvent]) -> [String] { events.map { "\($0.channel) \($0.name)" } }

    @Test func publishingTellsTheTeamAndThePublic() async throws {
        let course = RealtimeFixtures.course(.draft, instructor: owner.id)
        let (catalog, _, events) = catalog(course)
        let saved = try await catalog.update(id: course.id, with: try CoursePatch(status: .published), by: owner)
        let team = RealtimeChannel.courseTeam(course.id).name
        #expect(names(events.events) == ["\(team) course.updated", "courses course.published"])
        #expect(events.events.first?.subject == .course(saved))
    }

    @Test func draftEditsStayOffThePublicChannel() async throws {
        let course = RealtimeFixtures.course(.draft, instructor: owner.id)
        let (catalog, _, events) = catalog(course)
        _ = try await catalog.update(id: course.id, with: try CoursePatch(title: "New"), by: owner)
        #expect(names(events.events) == ["\(RealtimeChannel.courseTeam(course.id).name) course.updated"])
    }

    @Test func aPatchThatChangesNothingPublishesNothing() async throws {
        let course = RealtimeFixtures.course(.published, instructor: owner.id)
        let (catalog, _, events) = catalog(course)
        _ = try await catalog.update(id: course.id, with: try CoursePatch(title: course.title), by: owner)
        #expect(events.events.isEmpty)
    }

    @Test func aFailedWritePublishesNothing() async throws {
        let course = RealtimeFixtures.course(.published, instructor: owner.id)
        let (catalog, store, events) = catalog(course)
        await store.setFailWrites(true)
        await #expect(throws: DomainError.self) {
            _ = try await catalog.update(id: course.id, with: try CoursePatch(title: "New"), by: owner)
        }
        await #expect(throws: DomainError.self) { try await catalog.delete(id: course.id, by: owner) }
        #expect(events.events.isEmpty)
    }

    @Test func aRefusedWritePublishesNothing() async throws {
        let course = RealtimeFixtures.course(.published, instructor: owner.id)
        let (catalog, _, events) = catalog(course)
        let stranger = Principal(id: UUID(), role: .instructor)
        await #expect(throws: DomainError.self) {
            _ = try await catalog.update(id: course.id, with: try CoursePatch(title: "New"), by: stranger)
        }
        #expect(events.events.isEmpty)
    }

    @Test func deletingAPublishedCourseTellsThePublicItsId() async throws {
        let course = RealtimeFixtures.course(.published, instructor: owner.id)
        let (catalog, _, events) = catalog(course)
        try await catalog.delete(id: course.id, by: owner)
        #expect(
            events.events == [
                DomainEvent(channel: "courses", name: "course.deleted", subject: .deletedCourse(id: course.id))
            ])
    }

    @Test func deletingADraftIsNoPublicNews() async throws {
        let course = RealtimeFixtures.course(.draft, instructor: owner.id)
        let (catalog, _, events) = catalog(course)
        try await catalog.delete(id: course.id, by: owner)
        #expect(events.events.isEmpty)
    }

    @Test func aRoleChangeTellsThatUser() async throws {
        let user = User(
            id: UUID(), email: "s@example.com", passwordHash: "x", role: .student, createdAt: RealtimeFixtures.epoch,
            updatedAt: RealtimeFixtures.epoch)
        let events = RecordingEventPublisher()
        let accounts = AccountService(
            users: RealtimeUserStore([user]), hasher: NoHasher(), tokens: NoTokens(), clock: StillClock(),
            events: events)
        let admin = Principal(id: UUID(), role: .admin)
        let saved = try await accounts.changeRole(of: user.id, to: .instructor, by: admin)
        #expect(
            events.events == [
                DomainEvent(
                    channel: "private-user-\(user.id.uuidString.lowercased())", name: "user.updated",
                    subject: .user(saved))
            ])
        _ = try await accounts.changeRole(of: user.id, to: .instructor, by: admin)
        #expect(events.events.count == 1)
    }
}

@Suite("Public catalog events follow the status a course leaves and enters")
struct PlatformEventsTableTests {
    struct Row: Sendable {
        var from: CourseStatus
        var to: CourseStatus
        var publicEvent: String?
    }

    static let rows: [Row] = [
        Row(from: .draft, to: .published, publicEvent: "course.published"),
        Row(from: .published, to: .published, publicEvent: "course.updated"),
        Row(from: .published, to: .archived, publicEvent: "course.archived"),
        Row(from: .published, to: .draft, publicEvent: "course.deleted"),
        Row(from: .archived, to: .draft, publicEvent: nil),
        Row(from: .draft, to: .draft, publicEvent: nil),
    ]

    @Test(arguments: rows)
    func publicEvent(_ row: Row) {
        var before = RealtimeFixtures.course(row.from, instructor: UUID())
        before.title = "Before"
        var after = before
        after.status = row.to
        after.title = "After"
        let events = PlatformEvents.courseChanged(from: before, to: after)
        #expect(events.first?.name == "course.updated")
        #expect(events.first?.channel == RealtimeChannel.courseTeam(after.id).name)
        #expect(events.dropFirst().first?.name == row.publicEvent)
        #expect(events.dropFirst().allSatisfy { $0.channel == "courses" })
    }
}

private struct NoHasher: PasswordHasher {
    func hash(_ password: String) async throws -> String { "h" }
    func verify(_ password: String, against hash: String) async throws -> Bool { false }
}

private struct NoTokens: TokenService {
    func issue(for user: User) async throws -> String { "t" }
    func verify(_ token: String) async throws -> Principal { throw DomainError.unauthorized() }
}
