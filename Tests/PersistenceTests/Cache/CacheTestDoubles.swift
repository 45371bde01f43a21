import CourseDomain
import Foundation
import Persistence
import Synchronization

/// A wall clock the test moves by hand.
final class CacheTestClock: WallClock {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        current = Mutex(start)
    }

    func now() -> Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// A repository that counts the reads reaching it, over an in-memory one.
final class CountingCourseRepository: CourseRepository {
    let inner: any CourseRepository = CourseMemoryRepository()
    private let counts = Mutex((details: 0, lists: 0))

    var detailReads: Int { counts.withLock { $0.details } }
    var listReads: Int { counts.withLock { $0.lists } }

    func insert(_ course: Course) async throws -> Course { try await inner.insert(course) }
    func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) async throws -> Course {
        try await inner.update(id: id, change)
    }
    func delete(id: UUID) async throws -> Bool { try await inner.delete(id: id) }

    func course(id: UUID) async throws -> Course? {
        counts.withLock { $0.details += 1 }
        return try await inner.course(id: id)
    }

    func list(_ query: CourseQuery) async throws -> CoursePage {
        counts.withLock { $0.lists += 1 }
        return try await inner.list(query)
    }
}

/// A cache store that fails every call while `failing` is set, over an in-memory one.
final class FlakyCacheStore: CacheStore {
    let inner: CacheMemoryStore
    private let state = Mutex(false)
    private let readCount = Mutex(0)

    /// Read round trips so far (`get` and `getMany` calls).
    var reads: Int { readCount.withLock { $0 } }

    init(clock: any WallClock) {
        inner = CacheMemoryStore(clock: clock)
    }

    var failing: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }

    private func check() throws {
        if failing { throw CacheStoreError("cache down (test)") }
    }

    func get(_ key: String) async throws -> [UInt8]? {
        readCount.withLock { $0 += 1 }
        try check()
        return await inner.get(key)
    }

    func getMany(_ keys: [String]) async throws -> [[UInt8]?] {
        readCount.withLock { $0 += 1 }
        try check()
        var values: [[UInt8]?] = []
        for key in keys { values.append(await inner.get(key)) }
        return values
    }

    func set(_ key: String, value: [UInt8], ttl: Duration) async throws {
        try check()
        await inner.set(key, value: value, ttl: ttl)
    }

    func add(_ key: String, value: [UInt8], ttl: Duration) async throws -> Bool {
        try check()
        return await inner.add(key, value: value, ttl: ttl)
    }

    func delete(_ keys: [String]) async throws {
        try check()
        await inner.delete(keys)
    }

    func increment(_ key: String) async throws -> Int {
        try check()
        return try await inner.increment(key)
    }
}

/// Builds courses for cache tests.
enum CacheFixtures {
    static let instructor = UUID()

    static func course(
        _ index: Int, status: CourseStatus = .published, category: String? = "swift",
        difficulty: Difficulty? = .beginner
    ) -> Course {
        let created = Date(microsecondsSince1970: 1_700_000_000_000_000 + Int64(index) * 1_000_000)
        return Course(
            id: UUID(), title: "Course \(index)", description: "About \(index)", instructorID: instructor,
            category: category, difficulty: difficulty, metadata: ["n": .string("\(index)")], status: status,
            createdAt: created, updatedAt: created)
    }
}

/// Renders a course or a page as its titles, tagged with a count of renderings, and counts them: a body served
/// from the cache keeps the tag of its rendering.
final class CountingRenderer: CourseBodyRenderer {
    private let count = Mutex(0)

    /// Renderings so far.
    var renderings: Int { count.withLock { $0 } }

    func body(of course: Course) -> RenderedBody {
        let number = count.withLock {
            $0 += 1; return $0
        }
        return RenderedBody(bytes: Array(course.title.utf8), etag: "\"\(number)\"")
    }

    func body(of page: CoursePage) -> RenderedBody {
        let number = count.withLock {
            $0 += 1; return $0
        }
        return RenderedBody(bytes: Array(page.items.map(\.title).joined(separator: "|").utf8), etag: "\"\(number)\"")
    }
}
