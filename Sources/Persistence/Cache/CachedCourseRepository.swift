import CoreSupport
public import CourseDomain
public import Foundation
import Synchronization

/// Cache-aside over a `CourseRepository`: course details cached per id, listing pages per (generation, query).
///
/// Writes go to the repository, then invalidate: an update or delete puts a short-lived tombstone on the course's
/// key (refills use add-if-absent, so a read that fetched the old row cannot put it back), every write bumps the
/// listing generation (pages of older generations are never read again and expire). A cache error never fails a
/// request: it is counted and the repository answers. An invalidation that fails is kept and retried before the
/// next cache read; until it succeeds this instance reads from the repository only, so it never serves a course
/// older than its own last acknowledged write. It is also retried in the background (every 100 ms, backing off to
/// 1 s) until it succeeds, so that other instances, which read the shared cache, stop serving the old course as
/// soon as the cache answers again, even if this instance reads nothing more.
public final class CachedCourseRepository: CourseRepository {
    /// The repository behind the cache.
    public let base: any CourseRepository
    let cache: any CacheStore
    let configuration: CourseCacheConfiguration
    let clock: any WallClock
    /// What the background retry waits on between attempts (a manual clock in tests).
    private let retryClock: any Clock<Duration>
    let codec = CourseCacheCodec()
    let counters = CacheCounters()
    private let pending = Mutex(PendingInvalidation())
    /// The background retry of pending invalidations, while one runs; `stopped` once ``stopBackgroundWork()``
    /// ran (shutdown), after which none starts.
    private let retry = Mutex<(task: Task<Void, Never>?, stopped: Bool)>((nil, false))

    /// Invalidations not yet applied, each with the sequence number of the latest write that asked for it, so a
    /// flush only clears what no later write has asked for again.
    private struct PendingInvalidation {
        var sequence: UInt64 = 0
        var tombstones: [UUID: UInt64] = [:]
        var deletions: [UUID: UInt64] = [:]
        var generation: UInt64?
        var isEmpty: Bool { tombstones.isEmpty && deletions.isEmpty && generation == nil }
    }

    /// Caches `base` in `cache` with `configuration`'s TTLs; `clock` times the refill guard, `retryClock` the
    /// background retry's waits.
    public init(
        base: any CourseRepository, cache: any CacheStore, configuration: CourseCacheConfiguration = .init(),
        clock: any WallClock = SystemWallClock(), retryClock: any Clock<Duration> = ContinuousClock()
    ) {
        self.base = base
        self.cache = cache
        self.configuration = configuration
        self.clock = clock
        self.retryClock = retryClock
    }

    /// Hit, miss and error counts so far.
    public var stats: CacheStats { counters.snapshot }

    // MARK: Reads

    public func course(id: UUID) async throws -> Course? {
        try await courses(ids: [id])[id]
    }

    /// Details of several courses in one cache round trip (`getMany`); the misses in one repository batch.
    public func courses(ids: [UUID]) async throws -> [UUID: Course] {
        guard !ids.isEmpty else { return [:] }
        guard await flushPending() else {
            counters.miss(ids.count)
            return try await base.courses(ids: ids)
        }
        let cached: [[UInt8]?]
        do {
            cached = try await cache.getMany(ids.map(detailKey))
        } catch {
            counters.error()
            counters.miss(ids.count)
            return try await base.courses(ids: ids)
        }
        var found: [UUID: Course] = [:]
        var missing: [UUID] = []
        var absent: Set<UUID> = []
        for (id, value) in zip(ids, cached) {
            if let value, value != CourseCacheCodec.tombstone, let course = try? codec.decode(Course.self, from: value)
            {
                found[id] = course
            } else {
                missing.append(id)
                if value == nil { absent.insert(id) }
            }
        }
        counters.hit(found.count)
        counters.miss(missing.count)
        guard !missing.isEmpty else { return found }
        let started = clock.now()
        let loaded = try await base.courses(ids: missing)
        let mayRefill = refillAllowed(since: started)
        for (id, course) in loaded {
            found[id] = course
            // Only an absent key is refilled (a tombstone must expire first, an unreadable value waits for its
            // TTL), and not by a read slow enough to have crossed a write of this instance.
            if mayRefill, absent.contains(id) { await fill(detailKey(id), course, ttl: configuration.detailTTL) }
        }
        return found
    }

    public func list(_ query: CourseQuery) async throws -> CoursePage {
        guard (query.text?.count ?? 0) <= configuration.maxCachedSearchLength, await flushPending() else {
            counters.miss()
            return try await base.list(query)
        }
        let key: String
        let cached: [UInt8]?
        do {
            key = listingKey(generation: try await currentGeneration(), query: query)
            cached = try await cache.get(key)
        } catch {
            counters.error()
            counters.miss()
            return try await base.list(query)
        }
        if let cached, let page = try? codec.decode(CoursePage.self, from: cached) {
            counters.hit()
            return page
        }
        counters.miss()
        let page = try await base.list(query)
        await fill(key, page, ttl: configuration.listingTTL, replace: true)
        return page
    }

    // MARK: Writes

    public func insert(_ course: Course) async throws -> Course {
        do {
            let stored = try await base.insert(course)
            await invalidate(id: course.id, tombstone: false)
            return stored
        } catch {
            // The write may have happened anyway (e.g. a timeout after commit): invalidate regardless.
            await invalidate(id: course.id, tombstone: false)
            throw error
        }
    }

    /// Invalidates only when `change` produced a new state, so a write may have happened (even when the store
    /// then failed: a timeout after commit). A refused change (forbidden, not found, a forbidden status move) or
    /// one that changes nothing leaves the cache alone: otherwise any client could flush every instance's listings
    /// with requests that are bound to fail.
    public func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) async throws -> Course {
        let wrote = Mutex(false)
        do {
            let stored = try await base.update(id: id) { current in
                let next = try change(current)
                wrote.withLock { $0 = next != current }
                return next
            }
            if wrote.withLock({ $0 }) { await invalidate(id: id, tombstone: true) }
            return stored
        } catch {
            if wrote.withLock({ $0 }) { await invalidate(id: id, tombstone: true) }
            throw error
        }
    }

    public func delete(id: UUID) async throws -> Bool {
        do {
            let existed = try await base.delete(id: id)
            await invalidate(id: id, tombstone: true)
            return existed
        } catch {
            await invalidate(id: id, tombstone: true)
            throw error
        }
    }

    // MARK: Invalidation

    /// Records what a write invalidates, then tries to apply everything pending.
    private func invalidate(id: UUID, tombstone: Bool) async {
        pending.withLock { pending in
            pending.sequence += 1
            if tombstone {
                pending.tombstones[id] = pending.sequence
                pending.deletions[id] = nil
            } else if pending.tombstones[id] == nil {
                pending.deletions[id] = pending.sequence
            }
            pending.generation = pending.sequence
        }
        await flushPending()
    }

    /// Applies pending invalidations; returns whether none is left (only then may the cache be read).
    @discardableResult
    func flushPending(fromRetry: Bool = false) async -> Bool {
        let work = pending.withLock { pending -> PendingInvalidation? in
            pending.isEmpty ? nil : pending
        }
        guard let work else { return true }
        do {
            for id in work.tombstones.keys {
                try await cache.set(
                    detailKey(id), value: CourseCacheCodec.tombstone, ttl: configuration.invalidationGuard)
            }
            if !work.deletions.isEmpty { try await cache.delete(work.deletions.keys.map(detailKey)) }
            if work.generation != nil { _ = try await cache.increment(generationKey) }
        } catch {
            // One error per failed request; the background retry's attempts are not requests.
            if !fromRetry {
                counters.error()
                retryInBackground()
            }
            return false
        }
        return pending.withLock { pending in
            for (id, sequence) in work.tombstones where pending.tombstones[id] == sequence {
                pending.tombstones[id] = nil
            }
            for (id, sequence) in work.deletions where pending.deletions[id] == sequence {
                pending.deletions[id] = nil
            }
            if pending.generation == work.generation { pending.generation = nil }
            return pending.isEmpty
        }
    }

    /// Starts one background task that applies pending invalidations until none is left, the repository is gone,
    /// or ``stopBackgroundWork()`` is called.
    private func retryInBackground() {
        retry.withLock { retry in
            guard retry.task == nil, !retry.stopped else { return }
            let retryClock = self.retryClock
            retry.task = Task { [weak self] in
                var delay = Duration.milliseconds(100)
                while !Task.isCancelled {
                    try? await retryClock.sleep(for: delay)
                    guard let self, !Task.isCancelled else { return }
                    if await self.flushPending(fromRetry: true) { break }
                    delay = min(delay * 2, .seconds(1))
                }
                guard let self else { return }
                self.retry.withLock { $0.task = nil }
                // A write may have failed to invalidate after the last flush and before the task was cleared.
                if !self.pending.withLock(\.isEmpty) { self.retryInBackground() }
            }
        }
    }

    /// Waits until the background retry running now, if any, has ended (it ends once every pending invalidation
    /// is applied, or when stopped).
    public func waitForBackgroundWork() async {
        while let task = retry.withLock({ $0.task }) { await task.value }
    }

    /// Whether ``stopBackgroundWork()`` has been called: no background retry runs or starts any more.
    public var isBackgroundWorkStopped: Bool { retry.withLock { $0.stopped } }

    /// Stops the background retry (at shutdown: the cache client is about to close). Pending invalidations are
    /// dropped with it; the cache entries they name expire with their TTLs.
    public func stopBackgroundWork() {
        let task = retry.withLock { retry -> Task<Void, Never>? in
            retry.stopped = true
            defer { retry.task = nil }
            return retry.task
        }
        task?.cancel()
    }
}
