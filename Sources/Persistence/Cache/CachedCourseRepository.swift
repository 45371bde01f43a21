import CoreSupport
public import CourseDomain
public import Foundation
import Synchronization

/// Cache-aside over a `CourseRepository`: course details cached per id, listing pages per query with the listing
/// generation they were read under; each entry keeps the rendered body the API sends with it (``RenderedCourseReads``),
/// so a hit is one cache read and no rendering.
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
    /// Renders what fills the cache, so entries carry the bodies the API sends (see ``RenderedCourseReads``).
    let renderer: (any CourseBodyRenderer)?
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
    /// background retry's waits; `renderer`, when set, renders every fill's body (else only rendered reads'
    /// fills carry one).
    public init(
        base: any CourseRepository, cache: any CacheStore, configuration: CourseCacheConfiguration = .init(),
        clock: any WallClock = SystemWallClock(), retryClock: any Clock<Duration> = ContinuousClock(),
        renderer: (any CourseBodyRenderer)? = nil
    ) {
        self.base = base
        self.cache = cache
        self.configuration = configuration
        self.clock = clock
        self.renderer = renderer
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
        var courses: [UUID: Course] = [:]
        for (id, entry) in try await entries(ids: ids, renderer: nil, withBodies: false) { courses[id] = entry.course }
        return courses
    }

    /// The entries of `ids` that exist. With `withBodies`, an entry holding a body comes without its course
    /// (not decoded), and courses read from the repository come rendered (by `renderer`, else by the renderer
    /// given at init); without, every entry has its course. What is read from the repository is stored with its
    /// body when a renderer is at hand.
    func entries(ids: [UUID], renderer: (any CourseBodyRenderer)?, withBodies: Bool) async throws
        -> [UUID: CachedCourseEntry]
    {
        guard !ids.isEmpty else { return [:] }
        guard await flushPending() else {
            counters.miss(ids.count)
            return try await base.courses(ids: ids).mapValues { CachedCourseEntry(course: $0, body: nil) }
        }
        let cached: [[UInt8]?]
        do {
            cached =
                ids.count == 1
                ? [try await cache.get(detailKey(ids[0]))] : try await cache.getMany(ids.map(detailKey))
        } catch {
            counters.error()
            counters.miss(ids.count)
            return try await base.courses(ids: ids).mapValues { CachedCourseEntry(course: $0, body: nil) }
        }
        var found: [UUID: CachedCourseEntry] = [:]
        var missing: [UUID] = []
        var absent: Set<UUID> = []
        for (id, value) in zip(ids, cached) {
            if let value, value != CourseCacheCodec.tombstone,
                let entry = try? codec.decodeEntry(value, decodeCourse: !withBodies)
            {
                found[id] = entry
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
        let renderer = renderer ?? self.renderer
        for (id, course) in loaded {
            // Only an absent key is refilled (a tombstone must expire first, an unreadable value waits for its
            // TTL), and not by a read slow enough to have crossed a write of this instance.
            let refill = mayRefill && absent.contains(id)
            let body = withBodies || refill ? renderer?.body(of: course) : nil
            found[id] = CachedCourseEntry(course: course, body: body)
            if refill {
                await fill(detailKey(id), codec.encodeEntry(course, body: body), ttl: configuration.detailTTL)
            }
        }
        return found
    }

    public func list(_ query: CourseQuery) async throws -> CoursePage {
        switch try await listing(query, renderer: nil, withBody: false) {
        case .page(let page, _): page
        case .body: preconditionFailure("a listing without a body asked returns its page")
        }
    }

    /// What ``listing(_:renderer:withBody:)`` answers: the body alone on a rendered hit, else the page.
    enum Listing {
        case page(CoursePage, body: RenderedBody? = nil)
        case body(RenderedBody)
    }

    /// One listing page: the generation and the page read together in one round trip (`getMany` of two keys
    /// sharing a hash tag), a hit when the page was stored under the current generation; on a miss the page is
    /// read from the repository and stored under the generation read before it. With `withBody`, a hit holding a
    /// body answers that body without decoding the page.
    func listing(_ query: CourseQuery, renderer: (any CourseBodyRenderer)?, withBody: Bool) async throws -> Listing {
        guard (query.text?.count ?? 0) <= configuration.maxCachedSearchLength, await flushPending() else {
            counters.miss()
            return .page(try await base.list(query))
        }
        let key = pageKey(query)
        let generation: Int
        let cached: [UInt8]?
        do {
            let values = try await cache.getMany([generationKey, key])
            if let stored = values[0].flatMap(Self.integer) {
                generation = stored
                cached = values.count > 1 ? values[1] : nil
            } else {
                generation = try await currentGeneration()
                cached = nil
            }
        } catch {
            counters.error()
            counters.miss()
            return .page(try await base.list(query))
        }
        if let cached, let header = try? codec.pageHeader(cached), header.generation == generation {
            if withBody, let body = header.body {
                counters.hit()
                return .body(body)
            }
            var reader = header.reader
            if let page = try? codec.page(from: &reader) {
                counters.hit()
                return .page(page, body: withBody ? header.body : nil)
            }
        }
        counters.miss()
        let page = try await base.list(query)
        let body = (renderer ?? self.renderer)?.body(of: page)
        await fill(
            key, codec.encodePage(page, generation: generation, body: body), ttl: configuration.listingTTL,
            replace: true)
        return .page(page, body: body)
    }

    // MARK: Writes

    // See `CourseRepository+invalidatingWrites` for when a write invalidates.

    public func insert(_ course: Course) async throws -> Course {
        try await base.insert(course, invalidating: { await invalidate(id: course.id, tombstone: false) })
    }

    public func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) async throws -> Course {
        try await base.update(id: id, change, invalidating: { await invalidate(id: id, tombstone: true) })
    }

    public func delete(id: UUID) async throws -> Bool {
        try await base.delete(id: id, invalidating: { await invalidate(id: id, tombstone: true) })
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
