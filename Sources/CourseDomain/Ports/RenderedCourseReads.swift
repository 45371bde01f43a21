public import Foundation

/// Course reads answered with rendered bodies, for stores that keep bodies (the course cache): a hit costs one
/// store read and no rendering. What has to be read from the repository behind is rendered by the store's own
/// `CourseBodyRenderer`.
public protocol RenderedCourseReads: Sendable {
    /// The courses of `ids` that exist with their bodies, whatever their status (visibility is the caller's
    /// business), in one store round trip where it allows.
    func renderedCourses(ids: [UUID]) async throws -> [UUID: RenderedCourse]
    /// The body of the page of courses matching `query`.
    func renderedPage(_ query: CourseQuery) async throws -> RenderedBody
    /// Course `id` with its body; nil when missing.
    func renderedCourse(id: UUID) async throws -> RenderedCourse?
}

extension RenderedCourseReads {
    /// One batch read of one id.
    public func renderedCourse(id: UUID) async throws -> RenderedCourse? {
        try await renderedCourses(ids: [id])[id]
    }
}

/// Rendered reads that can also answer from process memory without suspending: a caller on an event loop asks
/// ``renderedCourseNow(id:if:)`` first and takes the asynchronous read only when it answers nil.
public protocol ImmediateRenderedCourseReads: RenderedCourseReads {
    /// Course `id` when memory holds it, may serve it now (the same answer ``renderedCourse(id:)`` would give at
    /// this instant) and `accept` takes it; nil otherwise, including for a course that is missing. Only an
    /// accepted course counts as answered here (a refused one is left to the asynchronous read, which counts it).
    func renderedCourseNow(id: UUID, if accept: (RenderedCourse) -> Bool) -> RenderedCourse?
}

extension ImmediateRenderedCourseReads {
    /// Course `id` when memory holds it and may serve it now.
    public func renderedCourseNow(id: UUID) -> RenderedCourse? {
        renderedCourseNow(id: id) { _ in true }
    }
}
