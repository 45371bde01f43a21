import CoreSupport
public import CourseDomain
public import Foundation
import Synchronization

/// An in-process first level in front of the shared course cache: rendered details and listing pages kept for a
/// short TTL (``FirstLevelCacheConfiguration``, 1 s by default), so a hot course or page costs a lock and a
/// dictionary lookup instead of a Redis round trip.
///
/// Coherence. Every write through it (it is also the `CourseRepository` the catalog writes to) drops the course's
/// details and every page here before it is acknowledged, then tells the other instances through the
/// ``CourseInvalidationPublisher`` (Redis pub/sub), which drop theirs when the message arrives. A read that started
/// before an invalidation never stores what it read (an epoch guards the fills). While the subscription is down
/// (``subscriptionLost()``, and until the first ``subscriptionStarted()``), nothing is served or stored here, and
/// a new subscription starts from an empty cache. Bound: another instance stops serving a course as soon as the
/// message reaches it (milliseconds); a lost message (publish failed, connection silently dead) is covered by the
/// TTL, counted from the start of the read that filled the entry. Without a publisher (one instance) it is live
/// from the start.
public final class FirstLevelCourseCache: CourseRepository, RenderedCourseReads {
    /// The repository writes and value reads go to.
    public let base: any CourseRepository
    /// The rendered reads behind this level (the shared cache).
    public let reads: any RenderedCourseReads
    /// This instance's id in invalidations.
    public let instanceID: String
    private let publisher: (any CourseInvalidationPublisher)?
    private let clock: any WallClock
    private let state: Mutex<FirstLevelEntries>
    private let counters = CacheCounters()
    private let received = Atomic<Int>(0)

    /// A first level over `reads` (which must read what `base` writes), telling the other instances through
    /// `publisher` (nil: this is the only instance, live at once).
    public init(
        base: any CourseRepository, reads: any RenderedCourseReads,
        publisher: (any CourseInvalidationPublisher)?, configuration: FirstLevelCacheConfiguration = .init(),
        clock: any WallClock = SystemWallClock(), instanceID: String = UUID().uuidString.lowercased()
    ) {
        self.base = base
        self.reads = reads
        self.publisher = publisher
        self.clock = clock
        self.instanceID = instanceID
        state = Mutex(FirstLevelEntries(configuration, live: publisher == nil))
    }

    /// Hits (answered here), misses (passed on) and failed publishes so far.
    public var stats: CacheStats { counters.snapshot }

    /// Whether entries are served now (false while the subscription is down).
    public var isLive: Bool { state.withLock { $0.live } }

    /// How many invalidations from other instances were applied so far.
    public var invalidationsReceived: Int { received.load(ordering: .relaxed) }

    /// How many details and pages are held now.
    public var entryCount: Int { state.withLock { $0.count } }

    // MARK: Rendered reads

    public func renderedCourse(id: UUID) async throws -> RenderedCourse? {
        let now = clock.now()
        let epoch: UInt64?
        switch state.withLock({ $0.detail(id, now: now) }) {
        case .hit(let course):
            counters.hit()
            return course
        case .miss(let at): epoch = at
        }
        counters.miss()
        let course = try await reads.renderedCourse(id: id)
        if let course, let epoch { state.withLock { $0.store(id, course, epoch: epoch, readAt: now) } }
        return course
    }

    public func renderedCourses(ids: [UUID]) async throws -> [UUID: RenderedCourse] {
        let now = clock.now()
        var found: [UUID: RenderedCourse] = [:]
        var missing: [UUID] = []
        let epoch = state.withLock { entries -> UInt64? in
            var epoch: UInt64?
            for id in ids {
                switch entries.detail(id, now: now) {
                case .hit(let course): found[id] = course
                case .miss(let at):
                    missing.append(id)
                    epoch = at
                }
            }
            return epoch
        }
        counters.hit(found.count)
        counters.miss(missing.count)
        guard !missing.isEmpty else { return found }
        let loaded = try await reads.renderedCourses(ids: missing)
        if let epoch {
            state.withLock { entries in
                for (id, course) in loaded { entries.store(id, course, epoch: epoch, readAt: now) }
            }
        }
        return found.merging(loaded) { first, _ in first }
    }

    public func renderedPage(_ query: CourseQuery) async throws -> RenderedBody {
        let now = clock.now()
        let epoch: UInt64?
        switch state.withLock({ $0.page(query, now: now) }) {
        case .hit(let body):
            counters.hit()
            return body
        case .miss(let at): epoch = at
        }
        counters.miss()
        let body = try await reads.renderedPage(query)
        if let epoch { state.withLock { $0.store(query, body, epoch: epoch, readAt: now) } }
        return body
    }

    // MARK: Invalidations from other instances

    /// Applies an invalidation another instance published (this instance's own are ignored).
    public func receive(_ invalidation: CourseInvalidation) {
        guard invalidation.origin != instanceID else { return }
        state.withLock { $0.invalidate(invalidation.courseID) }
        received.add(1, ordering: .relaxed)
    }

    /// The subscription is (again) live: starts from an empty cache, since invalidations may have been missed.
    public func subscriptionStarted() {
        state.withLock { entries in
            entries.invalidate(nil)
            entries.live = true
        }
    }

    /// The subscription dropped: nothing is served or stored until ``subscriptionStarted()``.
    public func subscriptionLost() {
        state.withLock { entries in
            entries.live = false
            entries.invalidate(nil)
        }
    }

    /// Drops `id` (nil: everything) here, then tells the other instances.
    func invalidate(_ id: UUID?) async {
        state.withLock { $0.invalidate(id) }
        guard let publisher else { return }
        do {
            try await publisher.publish(CourseInvalidation(origin: instanceID, courseID: id))
        } catch {
            // The others drop the course within the TTL anyway.
            counters.error()
        }
    }
}
