import CourseDomain
import Foundation
import Persistence
import Testing

@testable import RedisAdapter

@Suite("The cached repository keeps answering when Redis dies", .enabled(if: RedisTestEnvironment.canStartServers))
struct CacheFailoverTests {
    @Test func answersFromTheRepositoryWhileRedisIsDownAndUsesTheCacheAgainAfter() async throws {
        try await withThrowawayRedis { server in
            let time = ManualTime()
            var configuration = RedisTestEnvironment.patient(try RedisConfiguration(url: server.url))
            configuration.breakerCoolDown = .seconds(5)
            let client = try RedisClient(configuration: configuration, now: { time.now })
            defer { client.shutdown() }
            let cached = CachedCourseRepository(base: CourseMemoryRepository(), cache: CacheRedisStore(client: client))
            let query = CourseQuery(visibility: .publishedOnly, limit: 20)
            let now = SystemWallClock().now()
            var courses: [Course] = []
            for index in 0..<10 {
                let course = Course(
                    id: UUID(), title: "Course \(index)", instructorID: UUID(), status: .published,
                    createdAt: now.addingTimeInterval(Double(index)), updatedAt: now)
                courses.append(try await cached.insert(course))
            }
            for course in courses { _ = try await cached.course(id: course.id) }
            _ = try await cached.list(query)

            await server.stop()  // Redis killed mid-run
            let clock = ContinuousClock()
            let started = clock.now
            var renamed = courses[0]
            renamed.title = "Renamed while Redis was down"
            _ = try await cached.update(renamed)
            for _ in 0..<50 {
                for course in courses.prefix(3) { _ = try await cached.course(id: course.id) }
            }
            #expect(try await cached.course(id: renamed.id)?.title == renamed.title)
            #expect(try await cached.list(query).items.contains(renamed))
            #expect(cached.stats.errors > 0)
            #expect(client.circuitState == .open)
            // With the breaker open, 150+ reads cost no connect timeouts.
            #expect(started.duration(to: clock.now) < .seconds(2))

            try await server.start()
            time.advance(.seconds(6))
            let hitsBefore = cached.stats.hits
            #expect(try await cached.course(id: renamed.id)?.title == renamed.title)
            #expect(try await cached.course(id: renamed.id)?.title == renamed.title)
            #expect(try await cached.list(query).items.first(where: { $0.id == renamed.id }) == renamed)
            // The renamed course's key keeps its invalidation tombstone for a while; others fill and hit again.
            _ = try await cached.course(id: courses[1].id)
            #expect(try await cached.course(id: courses[1].id) == courses[1])
            #expect(cached.stats.hits == hitsBefore + 1)
            #expect(client.circuitState == .closed)
        }
    }
}
