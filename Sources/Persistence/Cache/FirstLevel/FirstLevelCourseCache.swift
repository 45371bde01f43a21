import CoreSupport
public import CourseDomain
public import Foundation
import Synchronization

/// An in-process first level in front of the shared course cache: rendered details and listing pages kept for a
/// short TTL (``FirstLevelCacheConfiguration``, 1 s by default), so a hot course or page costs a lock and a
/// dictionary lookup instead of a Redis round trip.
///
/// Coherence across instances. Every write through it (it is also the `CourseRepository` the catalog writes to)
/// drops the course's details and every page here, then tells the other instances through the
/// ``FirstLevelMessagePublisher`` (Redis pub/sub), and is acknowledged only when every other instance heard
/// recently has answered that it dropped them too: another instance's next read after the write is new. The
/// instances know each other from heartbeats on the same channel (``runHeartbeats()``). A silent instance is
/// waited for at most until it has not been heard for `peerExpiry` (1 s), and by then it has stopped serving:
/// an instance serves its entries only while its own heartbeat, sent less than `peerExpiry - heartbeatInterval`
/// ago, has come back through the channel. A read that started before an invalidation never stores what it read
/// (an epoch guards the fills). While the subscription is down (``subscriptionLost()``, and until the first
/// ``subscriptionStarted()`` and own heartbeat), nothing is served or stored here, and a new subscription starts
/// from an empty cache. A message lost all the same is covered by the TTL, counted from the start of the read that
/// filled the entry. Without a publisher (one instance) it is live from the start.
public final class FirstLevelCourseCache: CourseRepository, ImmediateRenderedCourseReads {
    /// The repository writes and value reads go to.
    public let base: any CourseRepository
    /// The rendered reads behind this level (the shared cache).
    public let reads: any RenderedCourseReads
    /// This instance's id in invalidations.
    public let instanceID: String
    /// The cache's bounds and the timing of its heartbeats.
    public let configuration: FirstLevelCacheConfiguration
    private let publisher: (any FirstLevelMessagePublisher)?
    private let clock: any WallClock
    private let state: Mutex<FirstLevelEntries>
    private let peers = Mutex(FirstLevelPeers())
    private let counters = CacheCounters()
    private let received = Atomic<Int>(0)
    private let unacknowledged = Atomic<Int>(0)
    private let nonces = Atomic<UInt64>(0)

    /// A first level over `reads` (which must read what `base` writes), telling the other instances through
    /// `publisher` (nil: this is the only instance, live at once).
    public init(
        base: any CourseRepository, reads: any RenderedCourseReads,
        publisher: (any FirstLevelMessagePublisher)?, configuration: FirstLevelCacheConfiguration = .init(),
        clock: any WallClock = SystemWallClock(), instanceID: String = UUID().uuidString.lowercased()
    ) {
        self.base = base
        self.reads = reads
        self.publisher = publisher
        self.configuration = configuration
        self.clock = clock
        self.instanceID = instanceID
        var entries = FirstLevelEntries(configuration, live: publisher == nil)
        if publisher != nil { entries.servableUntil = .distantPast }
        state = Mutex(entries)
    }

    /// Hits (answered here), misses (passed on) and failed publishes so far.
    public var stats: CacheStats { counters.snapshot }

    /// Whether entries are served now (false while the subscription is down or the instance's own heartbeat has
    /// not come back lately).
    public var isLive: Bool {
        let now = clock.now()
        return state.withLock { $0.serving(at: now) }
    }

    /// How many invalidations from other instances were applied so far.
    public var invalidationsReceived: Int { received.load(ordering: .relaxed) }

    /// How many writes stopped waiting for an instance that never acknowledged (it had stopped serving by then).
    public var writesUnacknowledged: Int { unacknowledged.load(ordering: .relaxed) }

    /// The other instances heard within `peerExpiry`.
    public var livePeers: Set<String> {
        let now = clock.now()
        return peers.withLock { $0.live(at: now, expiry: configuration.peerExpiry) }
    }

    /// How many writes are waiting for acknowledgements now.
    var pendingWrites: Int { peers.withLock { $0.waitCount } }

    /// How many details and pages are held now.
    public var entryCount: Int { state.withLock { $0.count } }

    // MARK: Rendered reads

    /// An accepted hit counts as one; a miss or a refused hit counts nothing here (the asynchronous read that
    /// follows counts it).
    public func renderedCourseNow(id: UUID, if accept: (RenderedCourse) -> Bool) -> RenderedCourse? {
        let now = clock.now()
        guard case .hit(let course) = state.withLock({ $0.detail(id, now: now) }), accept(course) else { return nil }
        counters.hit()
        return course
    }

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

    // MARK: Messages from other instances

    /// Applies what arrived on the shared channel: another instance's invalidation (then acknowledged to it), an
    /// acknowledgement of this instance's own, or a heartbeat (this instance's own keeps it serving).
    public func receive(_ message: FirstLevelMessage) {
        let now = clock.now()
        let expiry = configuration.peerExpiry
        // Heartbeats (sent only while subscribed) and acknowledgements come from instances that hear invalidations,
        // so a write waits for them; an invalidation alone may come from a process that only publishes (a
        // command-line run), never answering.
        switch message {
        case .heartbeat(let origin, let sentAt) where origin == instanceID:
            let until = sentAt.addingTimeInterval(configuration.ownHeartbeatValidity.seconds)
            state.withLock { entries in
                if let current = entries.servableUntil, current >= until { return }
                entries.servableUntil = until
            }
        case .heartbeat(let origin, _):
            peers.withLock { $0.heard(origin, at: now) }
        case .leaving(let origin) where origin != instanceID:
            peers.withLock { $0.left(origin, at: now, expiry: expiry) }
        case .leaving:
            break
        case .invalidate(let origin, let courseID, let nonce):
            guard origin != instanceID else { return }
            state.withLock { $0.invalidate(courseID) }
            received.add(1, ordering: .relaxed)
            guard let publisher else { return }
            let answer = FirstLevelMessage.acknowledge(from: instanceID, to: origin, nonce: nonce)
            let counters = self.counters
            Task {
                do { try await publisher.publish(answer) } catch { counters.error() }
            }
        case .acknowledge(let from, let to, let nonce):
            guard from != instanceID else { return }
            peers.withLock { peers in
                peers.heard(from, at: now)
                if to == instanceID { peers.acknowledged(nonce, by: from, now: now, expiry: expiry) }
            }
        }
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

    /// Announces this instance every `heartbeatInterval` while its subscription is live (an instance that cannot
    /// hear invalidations must not be waited for), and stops waiting for instances not heard for `peerExpiry`,
    /// until the calling task is cancelled; then says it is leaving. Returns at once without a publisher.
    public func runHeartbeats() async {
        guard let publisher else { return }
        while !Task.isCancelled {
            // A heartbeat that cannot be sent is not a cache error: without it this instance stops serving from
            // here and the others stop waiting for it, which is the point.
            if state.withLock({ $0.live }) {
                try? await publisher.publish(.heartbeat(origin: instanceID, sentAt: clock.now()))
            }
            let now = clock.now()
            peers.withLock { $0.forgetSilent(at: now, expiry: configuration.peerExpiry) }
            guard (try? await Task.sleep(for: configuration.heartbeatInterval)) != nil else { break }
        }
        // This instance stops serving from here first, then tells the others, which stop waiting for it (sent
        // outside the cancelled task, so the client does not refuse it).
        state.withLock { entries in
            entries.live = false
            entries.invalidate(nil)
        }
        let leaving = FirstLevelMessage.leaving(origin: instanceID)
        await Task.detached { try? await publisher.publish(leaving) }.value
    }

    /// Drops `id` (nil: everything) here, then tells the other instances and waits until each one heard lately has
    /// acknowledged, or has stayed silent for `peerExpiry`.
    func invalidate(_ id: UUID?) async {
        state.withLock { $0.invalidate(id) }
        guard let publisher else { return }
        let nonce = nonces.add(1, ordering: .relaxed).newValue
        let now = clock.now()
        // Registered before the message goes out: an acknowledgement may come back before `publish` returns.
        let waiting = peers.withLock { $0.expect(nonce, at: now, expiry: configuration.peerExpiry) }
        do {
            try await publisher.publish(.invalidate(origin: instanceID, courseID: id, nonce: nonce))
        } catch {
            // The others drop the course within the TTL anyway.
            peers.withLock { $0.forget(nonce) }
            counters.error()
            return
        }
        guard waiting else { return }
        let deadline = Task { [self] in
            try? await Task.sleep(for: configuration.longestWait)
            peers.withLock { $0.finish(nonce, complete: false) }
        }
        let complete = await withCheckedContinuation { continuation in
            peers.withLock { $0.wait(nonce, continuation) }
        }
        deadline.cancel()
        if !complete { unacknowledged.add(1, ordering: .relaxed) }
    }
}
