public import Foundation

/// Course assets (SPEC §14): starting uploads with signed requests, completing them after checking the stored
/// object, listing, reading with a signed download URL, deleting with every object.
public struct AssetService: Sendable {
    let assets: any AssetRepository
    let courses: any CourseRepository
    let store: any ObjectStore
    let deletions: any ObjectDeletionQueue
    let videos: any VideoProcessingQueue
    let events: any EventPublisher
    let limits: AssetLimits
    let clock: any WallClock

    public init(
        assets: any AssetRepository, courses: any CourseRepository, store: any ObjectStore,
        deletions: any ObjectDeletionQueue, videos: any VideoProcessingQueue = DiscardingVideoProcessingQueue(),
        events: any EventPublisher = DiscardingEventPublisher(), limits: AssetLimits = AssetLimits(),
        clock: any WallClock
    ) {
        self.assets = assets
        self.courses = courses
        self.store = store
        self.deletions = deletions
        self.videos = videos
        self.events = events
        self.limits = limits
        self.clock = clock
    }

    /// The storage settings in force.
    public var settings: AssetLimits { limits }

    /// Declares a new asset of course `courseID` and returns it `pending` with the signed upload.
    public func create(courseID: UUID, _ input: NewAsset, by principal: Principal?) async throws -> (Asset, AssetUpload)
    {
        let course = try await existingCourse(courseID)
        try AccessPolicy.enforce(.manageAssets(course), by: principal)
        let valid = try AssetValidation.validate(input, limits: limits)
        let now = clock.now()
        let id = UUID()
        let key = Asset.prefix(courseID: courseID, assetID: id) + "original"
        let upload = ObjectUpload(key: key, contentType: valid.contentType, size: valid.sizeBytes, sha256: valid.sha256)
        let expiresAt = now.addingTimeInterval(Double(limits.uploadURLTTLSeconds))
        var asset = Asset(
            id: id, courseID: courseID, kind: AssetKind(contentType: valid.contentType), filename: valid.filename,
            contentType: valid.contentType, sizeBytes: valid.sizeBytes, sha256: valid.sha256, storageKey: key,
            createdAt: now, updatedAt: now)
        let instruction: AssetUpload
        if valid.sizeBytes <= limits.multipartThreshold {
            instruction = .single(try await store.presignPut(upload, expiresAt: expiresAt), expiresAt: expiresAt)
        } else {
            let uploadID = try await store.createMultipartUpload(upload)
            asset.uploadID = uploadID
            do {
                instruction = try await multipart(upload, uploadID: uploadID, expiresAt: expiresAt)
            } catch {
                try? await store.abortMultipartUpload(key: key, uploadID: uploadID)
                throw error
            }
        }
        let stored: Asset
        do {
            stored = try await assets.insert(asset)
        } catch {
            if let uploadID = asset.uploadID { try? await store.abortMultipartUpload(key: key, uploadID: uploadID) }
            throw error
        }
        await events.publish(Self.event("asset.created", stored))
        return (stored, instruction)
    }

    /// Checks the uploaded object and moves the asset on: `ready`, or `processing` for videos (queued).
    /// `uploadIncomplete` when the object is missing, or its size or (for a multipart upload with a declared
    /// `sha256`) its SHA-256 differs (then it is deleted); `conflict` when the asset is not pending (completing
    /// twice).
    public func complete(id: UUID, parts: [UploadedPart]?, by principal: Principal?) async throws -> Asset {
        let asset = try await existingAsset(id)
        let course = try await existingCourse(asset.courseID)
        try AccessPolicy.enforce(.manageAssets(course), by: principal)
        guard asset.status == .pending else { throw DomainError.conflict("asset upload is already complete") }
        if let uploadID = asset.uploadID {
            let parts = try Self.checkedParts(parts, expected: expectedPartCount(asset))
            do {
                try await store.completeMultipartUpload(key: asset.storageKey, uploadID: uploadID, parts: parts)
            } catch let error as DomainError where error.code == .uploadIncomplete {
                // An earlier `complete` assembled the object, then failed (its SHA-256 read, a restart): the upload
                // is used up, so the assembled object is checked again rather than every retry being refused.
                guard try await store.objectSize(key: asset.storageKey) != nil else { throw error }
            }
        }
        guard let size = try await store.objectSize(key: asset.storageKey) else {
            throw DomainError.uploadIncomplete("the object was not uploaded")
        }
        guard size == asset.sizeBytes else {
            try await refuse(asset, "uploaded \(size) bytes, declared \(asset.sizeBytes)")
        }
        if asset.uploadID != nil, let declared = asset.sha256 {
            // A single PUT carries the checksum in its signature, so the store refused other bytes; S3 checks a
            // multipart upload's parts, not the whole object, so its bytes are read through and hashed here.
            let uploaded = try await store.sha256(key: asset.storageKey)
            guard uploaded == declared else {
                try await refuse(asset, "the uploaded bytes' SHA-256 is \(uploaded ?? "unknown"), declared \(declared)")
            }
        }
        let next: AssetStatus = asset.kind == .video ? .processing : .ready
        let moved = try await move(id, to: next, error: nil)
        if next == .processing {
            do {
                try await videos.enqueue(assetID: id)
            } catch {
                // Not queued: no worker will ever move it on, so it fails now rather than stay `processing`.
                let failed = try await move(id, to: .failed, error: "video processing could not be queued")
                await events.publish(Self.event("asset.failed", failed))
                throw error
            }
        } else {
            await events.publish(Self.event("asset.ready", moved))
        }
        return moved
    }

    /// Deletes an uploaded object that is not the one declared and throws `uploadIncomplete`; a multipart upload
    /// is consumed by its completion, so its asset cannot be completed any more and fails.
    private func refuse(_ asset: Asset, _ reason: String) async throws -> Never {
        try? await store.deleteObject(key: asset.storageKey)
        if asset.uploadID != nil {
            let failed = try await move(asset.id, to: .failed, error: reason)
            await events.publish(Self.event("asset.failed", failed))
        }
        throw DomainError.uploadIncomplete(reason)
    }

    /// The assets of a course that `principal` may see: all of them for its instructor and admins, the ready ones
    /// of a visible course for everyone else.
    public func list(courseID: UUID, by principal: Principal?) async throws -> [Asset] {
        let course = try await existingCourse(courseID)
        try AccessPolicy.enforce(.viewCourse(course), by: principal)
        let all = try await assets.assets(courseID: courseID)
        return AccessPolicy.seesAllAssets(of: course, by: principal) ? all : all.filter { $0.status == .ready }
    }

    /// One asset with, once ready, a signed download URL.
    public func asset(id: UUID, by principal: Principal?) async throws -> AssetView {
        let asset = try await existingAsset(id)
        let course = try await existingCourse(asset.courseID, hiding: true)
        guard AccessPolicy.decide(.viewAsset(asset, of: course), by: principal) == .allow else {
            throw DomainError.notFound("asset not found")
        }
        guard asset.status == .ready else { return AssetView(asset: asset) }
        let expiresAt = clock.now().addingTimeInterval(Double(limits.downloadURLTTLSeconds))
        let url = try await store.downloadURL(
            ObjectDownload(key: asset.storageKey, filename: asset.filename, contentType: asset.contentType),
            expiresAt: expiresAt)
        return AssetView(asset: asset, downloadURL: url, downloadExpiresAt: expiresAt)
    }

    /// Deletes an asset and, now or in the background, its objects.
    public func delete(id: UUID, by principal: Principal?) async throws {
        let asset = try await existingAsset(id)
        let course = try await existingCourse(asset.courseID, hiding: true)
        try AccessPolicy.enforce(.manageAssets(course), by: principal)
        guard let deleted = try await assets.delete(id: id) else { throw DomainError.notFound("asset not found") }
        if deleted.kind == .video { await videos.cancel(assetID: id) }
        await deletions.delete(prefix: deleted.prefix)
    }

    /// Removes the assets of a deleted course and their objects.
    public func courseDeleted(_ courseID: UUID) async throws {
        let removed = try await assets.deleteAll(courseID: courseID)
        for asset in removed where asset.kind == .video { await videos.cancel(assetID: asset.id) }
        await deletions.delete(prefix: Asset.coursePrefix(courseID))
    }

    /// Removes uploads never completed: pending assets created before `date` (objects deleted, multipart
    /// uploads aborted), and multipart uploads opened before `date` that no pending asset holds.
    public func cleanup(olderThan date: Date) async throws -> AssetCleanupReport {
        var report = AssetCleanupReport()
        var held: Set<String> = []
        for asset in try await assets.pending(createdBefore: date) {
            if let uploadID = asset.uploadID {
                try await store.abortMultipartUpload(key: asset.storageKey, uploadID: uploadID)
                report.abortedUploads.append(OpenMultipartUpload(key: asset.storageKey, uploadID: uploadID))
                held.insert(uploadID)
            }
            try await store.deletePrefix(asset.prefix)
            if try await assets.delete(id: asset.id) != nil { report.removedAssets.append(asset) }
        }
        let stillPending = Set(try await assets.pending(createdBefore: .distantFuture).compactMap(\.uploadID))
        for upload in try await store.openMultipartUploads(prefix: "courses/", initiatedBefore: date)
        where !held.contains(upload.uploadID) && !stillPending.contains(upload.uploadID) {
            try await store.abortMultipartUpload(key: upload.key, uploadID: upload.uploadID)
            report.abortedUploads.append(upload)
        }
        return report
    }

    private func multipart(_ upload: ObjectUpload, uploadID: String, expiresAt: Date) async throws -> AssetUpload {
        let partSize = limits.partSize(for: upload.size)
        let count = limits.partCount(for: upload.size, partSize: partSize)
        var parts: [AssetUpload.SignedPart] = []
        parts.reserveCapacity(count)
        for number in 1...count {
            let size = number < count ? partSize : upload.size - partSize * Int64(count - 1)
            let request = try await store.presignPart(
                key: upload.key, uploadID: uploadID, partNumber: number, size: size, expiresAt: expiresAt)
            parts.append(AssetUpload.SignedPart(partNumber: number, request: request))
        }
        return .multipart(partSize: partSize, parts: parts, expiresAt: expiresAt)
    }

    private func expectedPartCount(_ asset: Asset) -> Int {
        limits.partCount(for: asset.sizeBytes, partSize: limits.partSize(for: asset.sizeBytes))
    }

    /// Parts 1...expected, each once, in order, with an ETag.
    static func checkedParts(_ parts: [UploadedPart]?, expected: Int) throws -> [UploadedPart] {
        guard let parts, !parts.isEmpty else { throw ValidationError(field: "parts", reason: "is required") }
        let sorted = parts.sorted { $0.partNumber < $1.partNumber }
        guard sorted.map(\.partNumber) == Array(1...max(1, expected)) else {
            throw ValidationError(field: "parts", reason: "must list parts 1 to \(expected), each once")
        }
        guard sorted.allSatisfy({ !$0.etag.isEmpty && $0.etag.utf8.count <= 200 }) else {
            throw ValidationError(field: "parts", reason: "every part needs its etag")
        }
        return sorted
    }

    private func move(_ id: UUID, to status: AssetStatus, error: String?) async throws -> Asset {
        let now = clock.now()
        return try await assets.update(id: id) { asset in
            guard asset.status.canTransition(to: status) else {
                throw DomainError.conflict("asset upload is already complete")
            }
            var moved = asset
            moved.status = status
            moved.error = error
            moved.uploadID = nil
            moved.updatedAt = now
            return moved
        }
    }

    private func existingAsset(_ id: UUID) async throws -> Asset {
        guard let asset = try await assets.asset(id: id) else { throw DomainError.notFound("asset not found") }
        return asset
    }

    private func existingCourse(_ id: UUID, hiding: Bool = false) async throws -> Course {
        guard let course = try await courses.course(id: id) else {
            throw DomainError.notFound(hiding ? "asset not found" : "course not found")
        }
        return course
    }

    static func event(_ name: String, _ asset: Asset) -> DomainEvent {
        DomainEvent(
            channel: "private-course-\(asset.courseID.uuidString.lowercased())", name: name, subject: .asset(asset))
    }
}
