public import CourseDomain
public import Foundation

/// Courses kept in memory, ordered newest first for keyset pagination.
public actor CourseMemoryRepository: CourseRepository {
    private var byID: [UUID: Course] = [:]
    /// Every course, sorted by (created_at DESC, id DESC).
    private var ordered: [Course] = []

    public init() {}

    public func insert(_ course: Course) throws -> Course {
        guard byID[course.id] == nil else { throw DomainError.conflict("course id already exists") }
        byID[course.id] = course
        ordered.insert(course, at: insertionIndex(for: course))
        return course
    }

    public func course(id: UUID) -> Course? { byID[id] }

    public func list(_ query: CourseQuery) -> CoursePage {
        var start = 0
        if let after = query.after {
            start = firstIndex { after.precedes($0) }
        }
        var items: [Course] = []
        var index = start
        var more = false
        while index < ordered.count {
            let course = ordered[index]
            index += 1
            guard query.matches(course) else { continue }
            if items.count == query.limit {
                more = true
                break
            }
            items.append(course)
        }
        return CoursePage(items: items, nextCursor: more ? items.last.map(CourseCursor.init(after:)) : nil)
    }

    /// Atomic: the actor runs `change` and the store with no suspension in between.
    public func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) throws -> Course {
        guard let old = byID[id] else { throw DomainError.notFound("course not found") }
        var stored = try change(old)
        guard stored != old else { return old }
        stored.id = id
        stored.createdAt = old.createdAt
        byID[id] = stored
        if let position = ordered.firstIndex(where: { $0.id == id }) { ordered[position] = stored }
        return stored
    }

    public func delete(id: UUID) -> Bool {
        guard byID.removeValue(forKey: id) != nil else { return false }
        ordered.removeAll { $0.id == id }
        return true
    }

    /// The first position whose course sorts after `course` (binary search).
    private func insertionIndex(for course: Course) -> Int {
        let cursor = CourseCursor(after: course)
        return firstIndex { cursor.precedes($0) }
    }

    /// The first index whose course satisfies `predicate`, which must be false then true along `ordered`.
    private func firstIndex(where predicate: (Course) -> Bool) -> Int {
        var low = 0
        var high = ordered.count
        while low < high {
            let mid = (low + high) / 2
            if predicate(ordered[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
