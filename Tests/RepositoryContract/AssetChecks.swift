public import CourseDomain
import Foundation
import Testing

/// The behaviour every `AssetRepository` must show, run on fresh stores by each store's test target.
public enum AssetRepositoryContract {
    /// Makes fresh, empty stores for one check (the asset store over the same database as the others).
    public typealias Factory =
        @Sendable () async throws -> (
            users: any UserRepository, courses: any CourseRepository, assets: any AssetRepository
        )

    /// The names of every check.
    public static let checkNames: [String] = checks.map(\.name)

    /// Runs the check called `name` against stores made by `factory`.
    public static func run(_ name: String, factory: Factory) async throws {
        let check = try #require(checks.first { $0.name == name })
        let stores = try await factory()
        let owner = try await stores.users.insert(Fixture.user("asset-owner@example.com"))
        let course = try await stores.courses.insert(Fixture.course("With assets", by: owner.id))
        try await check.body(course, stores.courses, stores.assets)
    }

    typealias Body = @Sendable (Course, any CourseRepository, any AssetRepository) async throws -> Void

    static let checks: [(name: String, body: Body)] = [
        ("asset round trip", { course, _, assets in try await roundTrip(course, assets) }),
        ("assets of a course, oldest first", { course, _, assets in try await listing(course, assets) }),
        ("asset update is atomic and checked", { course, _, assets in try await update(course, assets) }),
        ("asset delete and delete all", { course, _, assets in try await deletion(course, assets) }),
        ("pending assets by age", { course, _, assets in try await pending(course, assets) }),
        ("asset of a missing course", { _, _, assets in try await missingCourse(assets) }),
    ]

    static func asset(
        _ course: Course, _ name: String = "slides.pdf", status: AssetStatus = .pending, at offset: Double = 0
    ) -> Asset {
        let id = UUID()
        let date = Fixture.base.addingTimeInterval(offset)
        return Asset(
            id: id, courseID: course.id, kind: .document, filename: name, contentType: "application/pdf",
            sizeBytes: 1234, status: status, storageKey: Asset.prefix(courseID: course.id, assetID: id) + "original",
            createdAt: date, updatedAt: date)
    }

    static func roundTrip(_ course: Course, _ assets: any AssetRepository) async throws {
        var video = asset(course, "Leçon 1 — intro 🎓.mp4")
        video.kind = .video
        video.contentType = "video/mp4"
        video.sizeBytes = 6 * 1024 * 1024 * 1024
        video.sha256 = String(repeating: "ab", count: 32)
        video.uploadID = "upload-1"
        video.progress = 42
        video.error = "bad \"quotes\""
        video.media = ["duration_seconds": .number(12.5), "width": .integer(1920), "codecs": .array([.string("h264")])]
        #expect(try await assets.insert(video) == video)
        #expect(try await assets.asset(id: video.id) == video)
        #expect(try await assets.asset(id: UUID()) == nil)
        await #expect(throws: DomainError.self) { _ = try await assets.insert(video) }
    }

    static func listing(_ course: Course, _ assets: any AssetRepository) async throws {
        let later = try await assets.insert(asset(course, "b", at: 5))
        let earlier = try await assets.insert(asset(course, "a", at: 1))
        #expect(try await assets.assets(courseID: course.id).map(\.id) == [earlier.id, later.id])
        #expect(try await assets.assets(courseID: UUID()).isEmpty)
    }

    static func update(_ course: Course, _ assets: any AssetRepository) async throws {
        let stored = try await assets.insert(asset(course))
        let ready = try await assets.update(id: stored.id) { asset in
            var changed = asset
            changed.status = .ready
            changed.uploadID = nil
            changed.updatedAt = asset.updatedAt.addingTimeInterval(1)
            return changed
        }
        #expect(ready.status == .ready)
        #expect(try await assets.asset(id: stored.id) == ready)
        await #expect(throws: DomainError.self) {
            _ = try await assets.update(id: stored.id) { _ in throw DomainError.conflict("no") }
        }
        #expect(try await assets.asset(id: stored.id) == ready)
        await #expect(throws: DomainError.self) { _ = try await assets.update(id: UUID()) { $0 } }
        // Concurrent progress updates apply one after the other.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    _ = try await assets.update(id: stored.id) { asset in
                        var changed = asset
                        changed.progress = (asset.progress ?? 0) + 1
                        return changed
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await assets.asset(id: stored.id)?.progress == 10)
    }

    static func deletion(_ course: Course, _ assets: any AssetRepository) async throws {
        let first = try await assets.insert(asset(course, "1", at: 1))
        let second = try await assets.insert(asset(course, "2", at: 2))
        let third = try await assets.insert(asset(course, "3", at: 3))
        #expect(try await assets.delete(id: first.id) == first)
        #expect(try await assets.delete(id: first.id) == nil)
        #expect(try await assets.deleteAll(courseID: course.id).map(\.id) == [second.id, third.id])
        #expect(try await assets.assets(courseID: course.id).isEmpty)
    }

    static func pending(_ course: Course, _ assets: any AssetRepository) async throws {
        let old = try await assets.insert(asset(course, "old", at: 0))
        _ = try await assets.insert(asset(course, "old but ready", status: .ready, at: 1))
        _ = try await assets.insert(asset(course, "new", at: 100))
        let found = try await assets.pending(createdBefore: Fixture.base.addingTimeInterval(50))
        #expect(found.map(\.id) == [old.id])
    }

    static func missingCourse(_ assets: any AssetRepository) async throws {
        let orphanCourse = Fixture.course("gone", by: nil)
        await #expect(throws: DomainError.self) { _ = try await assets.insert(asset(orphanCourse)) }
    }
}
