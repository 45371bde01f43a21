import CourseDomain
import Foundation
import Synchronization

/// An object store in memory that records calls; `failing` makes every deletion throw until turned off.
final class FakeObjectStore: ObjectStore {
    struct State {
        var objects: [String: Int64] = [:]
        /// The SHA-256 of an object's bytes, when a test gave one (else 64 zeros).
        var checksums: [String: String] = [:]
        var uploads: [String: (key: String, initiated: Date)] = [:]
        var failing = false
        /// How many `sha256` reads fail before they answer (a store that fails mid-read).
        var failingHashes = 0
        /// How long each prefix deletion waits before it acts (a store that hangs).
        var deleteDelay: Duration = .zero
        var deletedPrefixes: [String] = []
        var aborted: [String] = []
    }

    struct Unavailable: Error {}

    let state = Mutex(State())
    let now: @Sendable () -> Date

    init(now: @escaping @Sendable () -> Date) { self.now = now }

    func put(_ key: String, size: Int64, sha256: String? = nil) {
        state.withLock {
            $0.objects[key] = size
            $0.checksums[key] = sha256
        }
    }
    var keys: [String] { state.withLock { $0.objects.keys.sorted() } }
    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
    func setDeleteDelay(_ delay: Duration) { state.withLock { $0.deleteDelay = delay } }

    func presignPut(_ upload: ObjectUpload, expiresAt: Date) async throws -> SignedObjectRequest {
        SignedObjectRequest(
            method: "PUT", url: "fake://\(upload.key)", headers: [ObjectHeader("Content-Type", upload.contentType)])
    }

    func createMultipartUpload(_ upload: ObjectUpload) async throws -> String {
        let id = UUID().uuidString
        state.withLock { $0.uploads[id] = (upload.key, now()) }
        return id
    }

    func presignPart(key: String, uploadID: String, partNumber: Int, size: Int64, expiresAt: Date) async throws
        -> SignedObjectRequest
    {
        SignedObjectRequest(method: "PUT", url: "fake://\(key)?part=\(partNumber)&size=\(size)")
    }

    func completeMultipartUpload(key: String, uploadID: String, parts: [UploadedPart]) async throws {
        guard parts.allSatisfy({ $0.etag == "\"good\"" }) else { throw DomainError.uploadIncomplete("bad etag") }
        // As S3: an upload completes once; after that it is gone.
        try state.withLock {
            guard $0.uploads.removeValue(forKey: uploadID) != nil else {
                throw DomainError.uploadIncomplete("no such upload")
            }
        }
    }

    func setFailingHashes(_ count: Int) { state.withLock { $0.failingHashes = count } }

    func abortMultipartUpload(key: String, uploadID: String) async throws {
        state.withLock {
            $0.uploads[uploadID] = nil
            $0.aborted.append(uploadID)
        }
    }

    func objectSize(key: String) async throws -> Int64? { state.withLock { $0.objects[key] } }

    func sha256(key: String) async throws -> String? {
        try state.withLock { state in
            if state.failingHashes > 0 {
                state.failingHashes -= 1
                throw Unavailable()
            }
            return state.objects[key] == nil ? nil : state.checksums[key] ?? String(repeating: "0", count: 64)
        }
    }

    func deleteObject(key: String) async throws { state.withLock { $0.objects[key] = nil } }

    func deletePrefix(_ prefix: String) async throws {
        let delay = state.withLock { $0.deleteDelay }
        if delay > .zero { try await Task.sleep(for: delay) }
        try state.withLock {
            if $0.failing { throw Unavailable() }
            $0.objects = $0.objects.filter { !$0.key.hasPrefix(prefix) }
            $0.deletedPrefixes.append(prefix)
        }
    }

    func downloadURL(_ download: ObjectDownload, expiresAt: Date) async throws -> String { "fake://\(download.key)" }

    func openMultipartUploads(prefix: String, initiatedBefore date: Date) async throws -> [OpenMultipartUpload] {
        state.withLock {
            $0.uploads.filter { $0.value.key.hasPrefix(prefix) && $0.value.initiated < date }
                .map { OpenMultipartUpload(key: $0.value.key, uploadID: $0.key) }
        }
    }
}

/// A clock the test moves.
final class ManualWallClock: WallClock {
    let current = Mutex(Date(timeIntervalSince1970: 1_780_000_000))
    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Records queued videos and published events.
final class Recorder: VideoProcessingQueue, EventPublisher {
    let queued = Mutex<[UUID]>([])
    let events = Mutex<[DomainEvent]>([])

    /// When set, `enqueue` throws it (a queue whose database is down).
    let enqueueFailure = Mutex<DomainError?>(nil)

    func enqueue(assetID: UUID) async throws {
        if let failure = enqueueFailure.withLock({ $0 }) { throw failure }
        queued.withLock { $0.append(assetID) }
    }
    func cancel(assetID: UUID) async {}
    func publish(_ events: [DomainEvent], excludingSocket: String?) async { self.events.withLock { $0 += events } }
}
