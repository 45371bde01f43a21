import CoreSupport
public import Foundation

/// Listing, reading, authoring and deleting courses, with the visibility and ownership rules of the platform.
public struct CatalogService: Sendable {
    let courses: any CourseRepository
    let clock: any WallClock
    let events: any EventPublisher
    /// Where reads come with their bodies already rendered (the course cache over `courses`), if anywhere.
    let rendered: (any RenderedCourseReads)?
    /// `rendered` when it can also answer from memory without suspending.
    let immediate: (any ImmediateRenderedCourseReads)?

    /// `events` receives SPEC §16's course events after each write that changed something; `rendered`, when set,
    /// answers the rendered reads (it must read the same store as `courses`, and render as the callers of
    /// ``renderedCourse(id:by:renderer:)`` do).
    public init(
        courses: any CourseRepository, clock: any WallClock, events: any EventPublisher = DiscardingEventPublisher(),
        rendered: (any RenderedCourseReads)? = nil
    ) {
        self.courses = courses
        self.clock = clock
        self.events = events
        self.rendered = rendered
        immediate = rendered as? any ImmediateRenderedCourseReads
    }

    /// Whether ``anonymousRenderedCourseNow(id:)`` can ever answer (the rendered reads keep bodies in memory).
    public var answersFromMemory: Bool { immediate != nil }

    /// The body an anonymous caller gets for course `id` when memory can answer it at once, without suspending;
    /// nil when ``renderedCourse(id:by:renderer:)`` must (a miss, a course this caller may not see, or none).
    public func anonymousRenderedCourseNow(id: UUID) -> RenderedBody? {
        immediate?.renderedCourseNow(id: id) {
            AccessPolicy.canSee(status: $0.status, instructorID: $0.instructorID, nil)
        }?.body
    }

    /// A page of the courses `principal` may see, newest first.
    public func list(_ filters: CourseFilters, limit: Int?, cursor: String?, by principal: Principal?)
        async throws -> CoursePage
    {
        try await courses.list(try query(filters, limit: limit, cursor: cursor, by: principal))
    }

    /// The body of the page ``list(_:limit:cursor:by:)`` answers, as `renderer` renders it: from `rendered` when
    /// set (kept by the cache, rendered on a miss only), else rendered now.
    public func renderedList(
        _ filters: CourseFilters, limit: Int?, cursor: String?, by principal: Principal?,
        renderer: any CourseBodyRenderer
    ) async throws -> RenderedBody {
        let query = try query(filters, limit: limit, cursor: cursor, by: principal)
        if let rendered { return try await rendered.renderedPage(query) }
        return renderer.body(of: try await courses.list(query))
    }

    /// The body of course `id` as `renderer` renders it, when `principal` may see it; `.notFound` otherwise.
    public func renderedCourse(id: UUID, by principal: Principal?, renderer: any CourseBodyRenderer)
        async throws -> RenderedBody
    {
        guard let rendered else { return renderer.body(of: try await course(id: id, by: principal)) }
        guard let found = try await rendered.renderedCourse(id: id) else {
            throw DomainError.notFound("course not found")
        }
        guard AccessPolicy.canSee(status: found.status, instructorID: found.instructorID, principal) else {
            throw DomainError.notFound("course not found")
        }
        return found.body
    }

    /// The repository query of a listing request, validated.
    private func query(_ filters: CourseFilters, limit: Int?, cursor: String?, by principal: Principal?) throws
        -> CourseQuery
    {
        let limit = try Validate.limit(limit)
        var after: CourseCursor?
        if let cursor, !cursor.isEmpty {
            guard let decoded = CourseCursor(encoded: cursor) else {
                throw ValidationError(field: "cursor", reason: "is not a valid cursor")
            }
            after = decoded
        }
        // The limit is on `q` as sent: 250 spaces around one word is not a short query.
        if let raw = filters.text, raw.unicodeScalars.contains("\0") || raw.unicodeScalars.count > 200 {
            throw ValidationError(field: "q", reason: "must be at most 200 characters, without NUL")
        }
        let text = filters.text.map { $0.trimmingWhitespace() }
        if let category = filters.category, category.unicodeScalars.contains("\0") {
            throw ValidationError(field: "category", reason: "must not contain NUL characters")
        }
        return CourseQuery(
            visibility: AccessPolicy.listingVisibility(for: principal), status: filters.status,
            category: filters.category, difficulty: filters.difficulty, instructorID: filters.instructorID,
            text: text?.isEmpty == true ? nil : text, limit: limit, after: after)
    }

    /// One course, when `principal` may see it; `.notFound` otherwise.
    public func course(id: UUID, by principal: Principal?) async throws -> Course {
        let course = try await existing(id)
        try AccessPolicy.enforce(.viewCourse(course), by: principal)
        return course
    }

    /// Creates a draft owned by the caller (instructors and admins).
    public func create(_ input: NewCourse, by principal: Principal?) async throws -> Course {
        try AccessPolicy.enforce(.createCourse, by: principal)
        let now = clock.now()
        let course = Course(
            id: UUID(), title: input.title, description: input.description, instructorID: principal!.id,
            category: input.category, difficulty: input.difficulty, metadata: input.metadata, status: .draft,
            createdAt: now, updatedAt: now)
        return try await courses.insert(course)
    }

    /// Applies a patch (its instructor or an admin) to the course as stored at that moment: concurrent patches
    /// of one course each keep the other's fields, and a status move is checked against the status it leaves.
    public func update(id: UUID, with patch: CoursePatch, by principal: Principal?) async throws -> Course {
        // Refused early on the (possibly cached) read, so a caller who may not edit never opens a write
        // transaction; checked again on the course as stored, which is what counts.
        try AccessPolicy.enforce(.editCourse(try await existing(id)), by: principal)
        let clock = self.clock
        let previous = LastSeen<Course>()
        let saved = try await courses.update(id: id) { course in
            try AccessPolicy.enforce(.editCourse(course), by: principal)
            previous.set(course)
            var updated = try patch.applied(to: course)
            guard updated != course else { return course }
            updated.updatedAt = clock.now()
            return updated
        }
        if let before = previous.value {
            let changes = PlatformEvents.courseChanged(from: before, to: saved)
            if !changes.isEmpty { await events.publish(changes, excludingSocket: nil) }
        }
        return saved
    }

    /// Deletes a course (its instructor or an admin).
    public func delete(id: UUID, by principal: Principal?) async throws {
        let course = try await existing(id)
        try AccessPolicy.enforce(.deleteCourse(course), by: principal)
        guard try await courses.delete(id: id) else { throw DomainError.notFound("course not found") }
        let deleted = PlatformEvents.courseDeleted(course)
        if !deleted.isEmpty { await events.publish(deleted, excludingSocket: nil) }
    }

    /// The repository this catalog reads and writes.
    public var repository: any CourseRepository { courses }

    private func existing(_ id: UUID) async throws -> Course {
        guard let course = try await courses.course(id: id) else { throw DomainError.notFound("course not found") }
        return course
    }
}
