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
    let events: any EventPublisher

    /// `router` is nil when no provider is configured: every request is then a 503. `events` receives
    /// `outline.started/completed/failed` and the saved course's `course.updated` (SPEC §16).
    public init(
        courses: any CourseRepository, router: AIRouter?, clock: any WallClock,
        events: any EventPublisher = DiscardingEventPublisher()
    ) {
        self.courses = courses
        self.router = router
        self.clock = clock
        self.events = events
    }

    /// Generates and saves the outline of course `id` (its instructor or an admin).
    public func generate(courseID id: UUID, by principal: Principal?) async throws -> CourseOutline {
        guard let course = try await courses.course(id: id) else { throw DomainError.notFound("course not found") }
        try AccessPolicy.enforce(.generateOutline(course), by: principal)
        guard let router, router.isConfigured else { throw AIRouterError.noProviders.domainError }
        await events.publish(PlatformEvents.outline(.started, courseID: id))
        let generation: TextGeneration
        let saved: Course
        let previous = LastSeen<Course>()
        do {
            do {
                generation = try await router.generate(OutlinePrompt.request(for: course))
            } catch let error as AIRouterError {
                throw error.domainError
            }
            // Onto the course as stored now: it may have been edited while the provider was writing.
            let clock = self.clock
            let text = generation.text
            saved = try await courses.update(id: id) { latest in
                previous.set(latest)
                var course = latest
                course.metadata["outline"] = .string(text)
                course.updatedAt = clock.now()
                return course
            }
        } catch {
            let code = (error as? DomainError)?.code.rawValue ?? "internal_error"
            await events.publish(PlatformEvents.outline(.failed(code: code), courseID: id))
            throw error
        }
        var published = PlatformEvents.courseChanged(from: previous.value ?? course, to: saved)
        published.append(
            PlatformEvents.outline(.completed(provider: generation.provider, model: generation.model), courseID: id))
        await events.publish(published, excludingSocket: nil)
        return CourseOutline(
            outline: generation.text, provider: generation.provider, model: generation.model,
            usage: generation.usage, course: saved)
    }
}
