import CourseDomain
import Foundation
import Synchronization

/// Records what the use cases publish.
final class RecordingEventPublisher: EventPublisher {
    private let recorded = Mutex<[DomainEvent]>([])

    var events: [DomainEvent] { recorded.withLock { $0 } }

    func publish(_ events: [DomainEvent], excludingSocket: String?) async {
        recorded.withLock { $0.append(contentsOf: events) }
    }
}

/// Courses in a dictionary; `failWrites` makes every write throw.
actor RealtimeCourseStore: CourseRepository {
    var stored: [UUID: Course] = [:]
    var failWrites = false

    init(_ courses: [Course] = []) {
        for course in courses { stored[course.id] = course }
    }

    func setFailWrites(_ value: Bool) { failWrites = value }

    func insert(_ course: Course) throws -> Course {
        if failWrites { throw DomainError.unavailable("store down") }
        stored[course.id] = course
        return course
    }
    func course(id: UUID) -> Course? { stored[id] }
    func list(_ query: CourseQuery) -> CoursePage { CoursePage(items: Array(stored.values), nextCursor: nil) }
    func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) throws -> Course {
        guard let course = stored[id] else { throw DomainError.notFound("course not found") }
        let updated = try change(course)
        if updated == course { return course }
        if failWrites { throw DomainError.unavailable("store down") }
        stored[id] = updated
        return updated
    }
    func delete(id: UUID) throws -> Bool {
        if failWrites { throw DomainError.unavailable("store down") }
        return stored.removeValue(forKey: id) != nil
    }
}

/// Users in a dictionary.
actor RealtimeUserStore: UserRepository {
    var stored: [UUID: User] = [:]

    init(_ users: [User] = []) {
        for user in users { stored[user.id] = user }
    }

    func insert(_ user: User) -> User {
        stored[user.id] = user
        return user
    }
    func user(id: UUID) -> User? { stored[id] }
    func user(email: String) -> User? { stored.values.first { $0.email == email } }
    func update(_ user: User) -> User {
        stored[user.id] = user
        return user
    }
}

/// A clock that never moves.
struct StillClock: WallClock {
    func now() -> Date { Date(timeIntervalSince1970: 1_800_000_000) }
}

/// Signs by echoing: what was signed is visible in the test's expectations.
struct EchoSigner: ChannelSigner {
    func auth(for text: String) -> String { "key:<\(text)>" }
}

enum RealtimeFixtures {
    static let epoch = Date(timeIntervalSince1970: 1_700_000_000)

    static func course(_ status: CourseStatus, instructor: UUID?) -> Course {
        Course(id: UUID(), title: "T", instructorID: instructor, status: status, createdAt: epoch, updatedAt: epoch)
    }
}
