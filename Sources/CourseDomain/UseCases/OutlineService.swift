import CoreSupport
public import Foundation

/// An outline written by an AI provider for a course, as the API returns it.
public struct CourseOutline: Sendable, Equatable {
    public var outline: String
    public var provider: String
    public var model: String
    public var usage: TokenUsage
    /// The course as saved, with the outline in `metadata.outline`.
    public var course: Course
}

/// Writes a course outline with the AI providers and saves it into the course's `metadata.outline`.
public struct OutlineService: Sendable {
    let courses: any CourseRepository
    let router: AIRouter?
    let clock: any WallClock

    /// `router` is nil when no provider is configured: every request is then a 503.
    public init(courses: any CourseRepository, router: AIRouter?, clock: any WallClock) {
        self.courses = courses
        self.router = router
        self.clock = clock
    }

    /// Generates and saves the outline of course `id` (its instructor or an admin).
    public func generate(courseID id: UUID, by principal: Principal?) async throws -> CourseOutline {
        guard let course = try await courses.course(id: id) else { throw DomainError.notFound("course not found") }
        try AccessPolicy.enforce(.generateOutline(course), by: principal)
        guard let router, router.isConfigured else { throw AIRouterError.noProviders.domainError }
        let generation: TextGeneration
        do {
            generation = try await router.generate(OutlinePrompt.request(for: course))
        } catch let error as AIRouterError {
            throw error.domainError
        }
        // Onto the course as stored now: it may have been edited while the provider was writing.
        let clock = self.clock
        let text = generation.text
        let saved = try await courses.update(id: id) { latest in
            var course = latest
            course.metadata["outline"] = .string(text)
            course.updatedAt = clock.now()
            return course
        }
        return CourseOutline(
            outline: generation.text, provider: generation.provider, model: generation.model,
            usage: generation.usage, course: saved)
    }
}
