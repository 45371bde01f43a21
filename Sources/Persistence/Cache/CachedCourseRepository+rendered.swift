public import CourseDomain
public import Foundation

extension CachedCourseRepository {
    /// Courses with the bodies their entries hold: one cache read on a hit (the body as stored, its tag with it,
    /// and the course's status and instructor; the course itself is not decoded); on a miss the course is read from the repository, rendered once by `renderer` and stored with its body.
    public func renderedCourses(ids: [UUID], renderer: any CourseBodyRenderer) async throws -> [UUID: RenderedCourse] {
        var result: [UUID: RenderedCourse] = [:]
        for (id, entry) in try await entries(ids: ids, renderer: renderer, withBodies: true) {
            // An entry without a body (stored by a reader without a renderer) comes with its course.
            guard let body = entry.body ?? entry.course.map(renderer.body(of:)) else { continue }
            result[id] = RenderedCourse(status: entry.status, instructorID: entry.instructorID, body: body)
        }
        return result
    }

    /// The body of a listing page: one cache read (the generation and the page together) on a hit, which is sent
    /// as stored without decoding the page.
    public func renderedPage(_ query: CourseQuery, renderer: any CourseBodyRenderer) async throws -> RenderedBody {
        switch try await listing(query, renderer: renderer, withBody: true) {
        case .body(let body): body
        case .page(let page, let body): body ?? renderer.body(of: page)
        }
    }

}
