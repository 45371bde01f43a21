/// Tells the other instances what a write made stale (Redis PUBLISH in production): the port through which
/// ``FirstLevelCourseCache`` stays coherent across instances. The receiving side hands what arrives to
/// ``FirstLevelCourseCache/receive(_:)`` and reports its subscription with
/// ``FirstLevelCourseCache/subscriptionStarted()`` and ``FirstLevelCourseCache/subscriptionLost()``.
public protocol CourseInvalidationPublisher: Sendable {
    /// Sends `invalidation` to every instance subscribed; throws when it could not be sent.
    func publish(_ invalidation: CourseInvalidation) async throws
}
