import CourseDomain
import Foundation
import Persistence
import Synchronization
import Testing

/// The asset use case over the in-memory repositories and a fake object store.
struct AssetServiceTests {
    struct World {
        let clock = ManualWallClock()
        let courses = CourseMemoryRepository()
        let assets: AssetMemoryRepository
        let store: FakeObjectStore
        let deletions: RetryingObjectDeletions
        let recorder = Recorder()
        let service: AssetService
        let owner = Principal(id: UUID(), role: .instructor)
        let course: Course

        init(limits: AssetLimits = AssetLimits()) async throws {
            assets = AssetMemoryRepository(courses: courses)
            let clock = self.clock
            store = FakeObjectStore(now: { clock.now() })
            deletions = RetryingObjectDeletions(store: store)
            service = AssetService(
                assets: assets, courses: courses, store: store, deletions: deletions, videos: recorder,
                events: recorder,
                limits: limits, clock: clock)
            course = try await courses.insert(
                Course(id: UUID(), title: "C", instructorID: owner.id, createdAt: clock.now(), updatedAt: clock.now()))
        }
    }

    @Test func videoGoesToProcessingAndIsQueued() async throws {
        let world = try await World()
        let (asset, upload) = try await world.service.create(
            courseID: world.course.id, NewAsset(filename: "a.mp4", contentType: "video/mp4", sizeBytes: 10),
            by: world.owner)
        guard case .single(let request, let expiresAt) = upload else { Issue.record("not single"); return }
        #expect(request.method == "PUT")
        #expect(expiresAt == world.clock.now().addingTimeInterval(900))
        world.store.put(asset.storageKey, size: 10)
        let done = try await world.service.complete(id: asset.id, parts: nil, by: world.owner)
        #expect(done.status == .processing)
        #expect(world.recorder.queued.withLock { $0 } == [asset.id])
        #expect(world.recorder.events.withLock { $0.map(\.name) } == ["asset.created"])
        #expect(world.recorder.events.withLock { $0.first?.subject } == .asset(asset))
    }

    @Test func aVideoThatCannotBeQueuedFailsInsteadOfStayingProcessing() async throws {
        let world = try await World()
        let (asset, _) = try await world.service.create(
            courseID: world.course.id, NewAsset(filename: "a.mp4", contentType: "video/mp4", sizeBytes: 10),
            by: world.owner)
        world.store.put(asset.storageKey, size: 10)
        world.recorder.enqueueFailure.withLock { $0 = .unavailable("queue down") }
        await #expect(throws: DomainError.unavailable("queue down")) {
            _ = try await world.service.complete(id: asset.id, parts: nil, by: world.owner)
        }
        let stored = try #require(await world.assets.asset(id: asset.id))
        #expect(stored.status == .failed)
        #expect(stored.error == "video processing could not be queued")
        #expect(world.recorder.events.withLock { $0.map(\.name) } == ["asset.created", "asset.failed"])
    }

    @Test func aShortMultipartUploadFailsAndIsDeleted() async throws {
        var limits = AssetLimits(multipartThreshold: 5 * 1024 * 1024)
        limits.minimumPartSize = 5 * 1024 * 1024
        let world = try await World(limits: limits)
        let size: Int64 = 12 * 1024 * 1024
        let (asset, upload) = try await world.service.create(
            courseID: world.course.id, NewAsset(filename: "a.pdf", contentType: "application/pdf", sizeBytes: size),
            by: world.owner)
        guard case .multipart(let partSize, let parts, _) = upload else { Issue.record("not multipart"); return }
        #expect(partSize == 5 * 1024 * 1024)
        #expect(parts.map(\.partNumber) == [1, 2, 3])
        #expect(parts.last?.request.url.hasSuffix("size=\(2 * 1024 * 1024)") == true)
        world.store.put(asset.storageKey, size: size - 1)
        let good = (1...3).map { UploadedPart(partNumber: $0, etag: "\"good\"") }
        await #expect(throws: DomainError.uploadIncomplete("uploaded \(size - 1) bytes, declared \(size)")) {
            _ = try await world.service.complete(id: asset.id, parts: good, by: world.owner)
        }
        #expect(world.store.keys.isEmpty, "the object of the wrong size is deleted")
        #expect(await world.assets.asset(id: asset.id)?.status == .failed)
        #expect(world.recorder.events.withLock { $0.map(\.name) } == ["asset.created", "asset.failed"])
    }

    @Test func aMultipartUploadWhoseBytesAreNotTheDeclaredSHA256FailsAndIsDeleted() async throws {
        var limits = AssetLimits(multipartThreshold: 5 * 1024 * 1024)
        limits.minimumPartSize = 5 * 1024 * 1024
        let world = try await World(limits: limits)
        let size: Int64 = 6 * 1024 * 1024
        let declared = String(repeating: "ab", count: 32)
        func upload() async throws -> Asset {
            try await world.service.create(
                courseID: world.course.id,
                NewAsset(filename: "a.pdf", contentType: "application/pdf", sizeBytes: size, sha256: declared),
                by: world.owner
            ).0
        }
        let parts = (1...2).map { UploadedPart(partNumber: $0, etag: "\"good\"") }
        let other = try await upload()
        world.store.put(other.storageKey, size: size, sha256: String(repeating: "cd", count: 32))
        await #expect(throws: DomainError.self) {
            _ = try await world.service.complete(id: other.id, parts: parts, by: world.owner)
        }
        #expect(world.store.keys.isEmpty, "the object with other bytes is deleted")
        let failed = try #require(await world.assets.asset(id: other.id))
        #expect(failed.status == .failed)
        #expect(failed.error?.contains("SHA-256") == true)
        // The declared bytes complete, even when the first read of them fails after the upload was assembled:
        // the retry checks the assembled object again instead of refusing the used-up upload.
        let good = try await upload()
        world.store.put(good.storageKey, size: size, sha256: declared)
        world.store.setFailingHashes(1)
        await #expect(throws: FakeObjectStore.Unavailable.self) {
            _ = try await world.service.complete(id: good.id, parts: parts, by: world.owner)
        }
        #expect(await world.assets.asset(id: good.id)?.status == .pending)
        #expect(try await world.service.complete(id: good.id, parts: parts, by: world.owner).status == .ready)
    }

    @Test func deletionsAreRetriedUntilTheStoreAnswers() async throws {
        let world = try await World()
        let (asset, _) = try await world.service.create(
            courseID: world.course.id, NewAsset(filename: "a.pdf", contentType: "application/pdf", sizeBytes: 3),
            by: world.owner)
        world.store.put(asset.storageKey, size: 3)
        world.store.setFailing(true)
        try await world.service.delete(id: asset.id, by: world.owner)
        #expect(await world.assets.asset(id: asset.id) == nil)
        #expect(await world.deletions.waiting == [asset.prefix])
        #expect(await world.deletions.retryPending() == 1)
        #expect(world.store.keys == [asset.storageKey])
        world.store.setFailing(false)
        #expect(await world.deletions.retryPending() == 0)
        #expect(world.store.keys.isEmpty)
    }

    @Test func aStoreThatHangsHoldsADeletionOnlyForItsPatience() async throws {
        let store = FakeObjectStore(now: { Date() })
        let deletions = RetryingObjectDeletions(store: store, patience: .milliseconds(50))
        store.put("courses/c/assets/a/original", size: 3)
        store.put("courses/c/assets/b/original", size: 3)
        store.setDeleteDelay(.milliseconds(600))
        let clock = ContinuousClock()
        let took = await clock.measure { await deletions.delete(prefix: "courses/c/assets/a/") }
        #expect(took < .milliseconds(500), "the caller waited \(took) for a store that hangs")
        #expect(store.keys.count == 2, "the attempt is still running")
        try await eventually { store.keys == ["courses/c/assets/b/original"] }
        #expect(await deletions.waiting.isEmpty)
        // An attempt that fails after its caller stopped waiting is kept for the retries.
        store.setFailing(true)
        await deletions.delete(prefix: "courses/c/assets/b/")
        try await Task.sleep(for: .milliseconds(700))
        #expect(await deletions.waiting == ["courses/c/assets/b/"])
    }

    @Test func cleanupRemovesOldPendingUploadsOnly() async throws {
        var limits = AssetLimits(multipartThreshold: 5 * 1024 * 1024)
        limits.minimumPartSize = 5 * 1024 * 1024
        let world = try await World(limits: limits)
        let big = NewAsset(filename: "big.pdf", contentType: "application/pdf", sizeBytes: 6 * 1024 * 1024)
        let small = NewAsset(filename: "s.pdf", contentType: "application/pdf", sizeBytes: 1)
        let (old, _) = try await world.service.create(courseID: world.course.id, big, by: world.owner)
        let (oldSmall, _) = try await world.service.create(courseID: world.course.id, small, by: world.owner)
        let (done, _) = try await world.service.create(courseID: world.course.id, small, by: world.owner)
        world.store.put(done.storageKey, size: 1)
        _ = try await world.service.complete(id: done.id, parts: nil, by: world.owner)
        let stray = try await world.store.createMultipartUpload(
            ObjectUpload(key: "courses/x/assets/y/original", contentType: "video/mp4", size: 1))
        world.clock.advance(25 * 3600)
        let (fresh, _) = try await world.service.create(courseID: world.course.id, big, by: world.owner)
        let report = try await world.service.cleanup(olderThan: world.clock.now().addingTimeInterval(-24 * 3600))
        #expect(Set(report.removedAssets.map(\.id)) == [old.id, oldSmall.id])
        #expect(Set(report.abortedUploads.map(\.uploadID)) == [old.uploadID!, stray])
        #expect(await world.assets.asset(id: fresh.id)?.status == .pending)
        #expect(await world.assets.asset(id: done.id)?.status == .ready)
        #expect(
            try await world.store.openMultipartUploads(prefix: "", initiatedBefore: .distantFuture).map(\.uploadID) == [
                fresh.uploadID!
            ])
    }
}
