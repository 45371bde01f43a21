import CourseDomain
import Logging
import Persistence
import ServiceLifecycle

/// The repositories the app runs on, with whatever long-lived services and shutdown work they need.
struct Stores: Sendable {
    var users: any UserRepository
    var courses: any CourseRepository
    /// One line for the start-up log: which store is in use.
    var summary: String
    var services: [any Service] = []
    var shutdown: [@Sendable () async -> Void] = []

    /// The in-memory store of the embedded default.
    static func inMemory() -> Stores {
        Stores(
            users: UserMemoryRepository(), courses: CourseMemoryRepository(),
            summary: "no DATABASE_URL: running on in-memory stores (data is lost on exit)")
    }
}
