import CourseDomain
import Foundation
import Synchronization
import Testing

@testable import Persistence

/// Issue 17 item 3: the in-process first level in front of the shared cache. Hits cost no shared-cache read;
/// writes through it drop entries here at once and tell the other instances; what other instances publish drops
/// entries here; a read that started before an invalidation never stores its result; with the subscription down
/// nothing is served; entries expire after the TTL (the bound when an invalidation is lost).
@Suite("FirstLevelCourseCache")
struct FirstLevelCourseCacheTests {
    /// Records what is published; fails while `failing` is set.
    final class RecordingPublisher: FirstLevelMessagePublisher {
        private let state = Mutex<(sent: [FirstLevelMessage], failing: Bool)>(([], false))
        var sent: [FirstLevelMessage] { state.withLock { $0.sent } }
        /// The invalidations among what was sent.
        var invalidations: [FirstLevelMessage] {
            sent.filter {
                if case .invalidate = $0 { return true }
                return false
            }
        }
        var failing: Bool {
            get { state.withLock { $0.failing } }
            set { state.withLock { $0.failing = newValue } }
        }
        func publish(_ message: FirstLevelMessage) async throws {
            try state.withLock { state in
                if state.failing { throw CacheStoreError("publish down (test)") }
                state.sent.append(message)
            }
        }
    }

    /// Rendered reads that wait at `gate` before reading, so a test can invalidate while a read is in flight.
    struct GatedReads: RenderedCourseReads {
        let base: any RenderedCourseReads
        let gate: TestGate
        func renderedCourses(ids: [UUID]) async throws -> [UUID: RenderedCourse] {
            await gate.pass()
            return try await base.renderedCourses(ids: ids)
        }
        func renderedPage(_ query: CourseQuery) async throws -> RenderedBody {
            await gate.pass()
            return try await base.renderedPage(query)
        }
    }

    let clock = CacheTestClock()
    let store: FlakyCacheStore
    let shared: CachedCourseRepository
    let gate = TestGate()
    let publisher = RecordingPublisher()
    let l1: FirstLevelCourseCache
    let anonymous = CourseQuery(visibility: .publishedOnly, limit: 20)

    init() {
        store = FlakyCacheStore(clock: clock)
        shared = CachedCourseRepository(base: CountingCourseRepository(), cache: store, clock: clock)
        let reads = GatedReads(base: CachedRenderedReads(cache: shared, renderer: CountingRenderer()), gate: gate)
        l1 = FirstLevelCourseCache(
            base: shared, reads: reads, publisher: publisher,
            configuration: FirstLevelCacheConfiguration(ttl: .seconds(1), maxEntries: 4), clock: clock,
            instanceID: "here")
        l1.subscriptionStarted()
        echoOwnHeartbeat()
    }

    /// This instance's heartbeat, sent now, comes back through the channel: it serves for 750 ms more.
    func echoOwnHeartbeat() {
        l1.receive(.heartbeat(origin: "here", sentAt: clock.now()))
    }

    /// Moves the clock, with this instance's heartbeats still coming back.
    func advance(_ seconds: TimeInterval) {
        clock.advance(seconds)
        echoOwnHeartbeat()
    }

    @Test func hitsReadNothingBehindUntilTheTTL() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        let first = try #require(try await l1.renderedCourse(id: course.id))
        let page = try await l1.renderedPage(anonymous)
        let reads = store.reads
        for _ in 0..<5 {
            #expect(try await l1.renderedCourse(id: course.id) == first)
            #expect(try await l1.renderedPage(anonymous) == page)
        }
        #expect(store.reads == reads, "hits read nothing from the shared cache")
        #expect(l1.stats.hits == 10)
        advance(0.5)
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads)
        advance(0.5)
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedPage(anonymous)
        #expect(store.reads == reads + 2, "after the TTL both are read again")
        // Batch reads answer from here too, and read only what is missing.
        let other = try await l1.insert(CacheFixtures.course(2))
        _ = try await l1.renderedCourse(id: course.id)
        let readsBefore = store.reads
        let both = try await l1.renderedCourses(ids: [course.id, other.id])
        #expect(Set(both.keys) == [course.id, other.id])
        #expect(store.reads == readsBefore + 1)
    }

    /// What the event-loop fast path reads: the same entries and the same serving rule, without suspending.
    @Test func theImmediateReadAnswersExactlyWhatAHitWould() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        #expect(l1.renderedCourseNow(id: course.id) == nil, "nothing held yet")
        let read = try #require(try await l1.renderedCourse(id: course.id))
        let hits = l1.stats.hits
        #expect(l1.renderedCourseNow(id: course.id) == read)
        #expect(l1.stats.hits == hits + 1)
        #expect(l1.renderedCourseNow(id: course.id) { _ in false } == nil)
        #expect(l1.stats.hits == hits + 1, "a hit the caller refuses is not counted")
        advance(1)
        #expect(l1.renderedCourseNow(id: course.id) == nil, "expired with the TTL")
        _ = try await l1.renderedCourse(id: course.id)
        #expect(l1.renderedCourseNow(id: course.id) != nil)
        l1.receive(.invalidate(origin: "elsewhere", courseID: course.id, nonce: 9))
        #expect(l1.renderedCourseNow(id: course.id) == nil, "dropped by another instance's write")
        _ = try await l1.renderedCourse(id: course.id)
        clock.advance(0.8)
        #expect(l1.renderedCourseNow(id: course.id) == nil, "not served once its own heartbeat stopped coming back")
        echoOwnHeartbeat()
        _ = try await l1.renderedCourse(id: course.id)
        l1.subscriptionLost()
        #expect(l1.renderedCourseNow(id: course.id) == nil, "not served while invalidations cannot arrive")
    }

    @Test func aWriteHereDropsTheCourseAndEveryPageAtOnceAndTellsTheOthers() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        #expect(publisher.sent == [.invalidate(origin: "here", courseID: course.id, nonce: 1)])
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedPage(anonymous)
        _ = try await l1.update(id: course.id) {
            var next = $0; next.title = "Renamed"; return next
        }
        #expect(try await l1.renderedCourse(id: course.id)?.body.bytes == Array("Renamed".utf8))
        #expect(try await l1.renderedPage(anonymous).bytes == Array("Renamed".utf8))
        #expect(publisher.invalidations.count == 2)
        _ = try await l1.delete(id: course.id)
        #expect(try await l1.renderedCourse(id: course.id) == nil)
        #expect(try await l1.renderedPage(anonymous).bytes.isEmpty)
        #expect(publisher.invalidations.count == 3)
    }

    @Test func anUpdateThatChangesNothingInvalidatesNothing() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.update(id: course.id) { $0 }
        await #expect(throws: DomainError.self) {
            _ = try await l1.update(id: course.id) { _ in throw DomainError.forbidden("no") }
        }
        #expect(publisher.invalidations.count == 1, "only the insert")
        let reads = store.reads
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads)
    }

    @Test func anotherInstancesInvalidationDropsEntriesIsAcknowledgedAndOurOwnIsIgnored() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedPage(anonymous)
        let reads = store.reads
        l1.receive(.invalidate(origin: "here", courseID: course.id, nonce: 1))
        #expect(l1.invalidationsReceived == 0)
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads, "an echo of our own write is ignored")
        l1.receive(.invalidate(origin: "there", courseID: course.id, nonce: 7))
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedPage(anonymous)
        #expect(l1.invalidationsReceived == 1)
        #expect(store.reads == reads + 2, "the course and the pages are read again")
        try await eventually { publisher.sent.contains(.acknowledge(from: "here", to: "there", nonce: 7)) }
        #expect(l1.livePeers.isEmpty, "an invalidation alone (a process that only publishes) is not waited for")
        l1.receive(.heartbeat(origin: "there", sentAt: clock.now()))
        #expect(l1.livePeers == ["there"])
        l1.receive(.invalidate(origin: "there", courseID: nil, nonce: 8))
        #expect(l1.entryCount == 0)
    }

    @Test func aReadThatStartedBeforeAnInvalidationDoesNotStoreWhatItRead() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        gate.hold()
        async let inFlight = l1.renderedCourse(id: course.id)
        try await eventually { gate.heldCount == 1 }
        l1.receive(.invalidate(origin: "there", courseID: course.id, nonce: 1))
        gate.release()
        #expect(try await inFlight != nil)
        #expect(l1.entryCount == 0)
        let reads = store.reads
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads + 1)
    }

    @Test func nothingIsServedWhileTheSubscriptionIsDown() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        _ = try await l1.renderedCourse(id: course.id)
        l1.subscriptionLost()
        #expect(!l1.isLive && l1.entryCount == 0)
        let reads = store.reads
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads + 2, "every read goes to the shared cache")
        #expect(l1.entryCount == 0)
        l1.subscriptionStarted()
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads + 3)
    }

    @Test func withAPublisherNothingIsServedBeforeTheFirstSubscription() async throws {
        let fresh = FirstLevelCourseCache(
            base: shared, reads: CachedRenderedReads(cache: shared, renderer: CountingRenderer()),
            publisher: publisher, clock: clock)
        #expect(!fresh.isLive)
        fresh.subscriptionStarted()
        #expect(!fresh.isLive, "not before its own heartbeat came back through the channel")
        fresh.receive(.heartbeat(origin: fresh.instanceID, sentAt: clock.now()))
        #expect(fresh.isLive)
        let alone = FirstLevelCourseCache(
            base: shared, reads: CachedRenderedReads(cache: shared, renderer: CountingRenderer()), publisher: nil,
            clock: clock)
        #expect(alone.isLive)
    }

    @Test func aFailedPublishIsCountedAndTheWriteSucceeds() async throws {
        l1.receive(.heartbeat(origin: "there", sentAt: clock.now()))
        publisher.failing = true
        let course = try await l1.insert(CacheFixtures.course(1))
        #expect(try await l1.course(id: course.id) == course)
        #expect(l1.stats.errors == 1)
        #expect(l1.pendingWrites == 0, "the wait for \"there\" is not left behind")
    }

    @Test func theEntryCountIsBounded() async throws {
        var ids: [UUID] = []
        for index in 1...6 { ids.append(try await l1.insert(CacheFixtures.course(index)).id) }
        for id in ids { _ = try await l1.renderedCourse(id: id) }
        #expect(l1.entryCount <= 4)
    }

    @Test func messagesTravelAsBytes() {
        let id = UUID()
        let messages: [FirstLevelMessage] = [
            .invalidate(origin: "a1", courseID: id, nonce: 42), .invalidate(origin: "b", courseID: nil, nonce: 0),
            .acknowledge(from: "b", to: "a1", nonce: UInt64.max),
            .heartbeat(origin: "c", sentAt: Date(timeIntervalSince1970: 1_700_000_000.123)), .leaving(origin: "d"),
        ]
        for message in messages {
            #expect(FirstLevelMessage(bytes: message.bytes) == message)
        }
        for bad in [
            "nospace", "l", "l a b", "i a not-a-uuid 1", "i  * 1", "i a * x", "a b 1", "h c soon", "x a b c", "",
        ] {
            #expect(FirstLevelMessage(bytes: Array(bad.utf8)) == nil, "\(bad)")
        }
    }

    // MARK: Coherence across instances

    /// Set once, read from any task.
    final class Flag: Sendable {
        private let value = Atomic(false)
        var isSet: Bool { value.load(ordering: .relaxed) }
        func set() { value.store(true, ordering: .relaxed) }
    }

    /// Renames `id` through the first level in a task of its own (its write may wait for other instances); the
    /// flag is set when it returns.
    func renameInBackground(_ id: UUID) -> (Task<Void, any Error>, Flag) {
        let l1 = self.l1
        let done = Flag()
        let write = Task {
            _ = try await l1.update(id: id) {
                var next = $0
                next.title = "Renamed"
                return next
            }
            done.set()
        }
        return (write, done)
    }

    @Test func aWriteIsAcknowledgedOnlyOnceEveryInstanceHeardLatelyAnswered() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        l1.receive(.heartbeat(origin: "there", sentAt: clock.now()))
        l1.receive(.heartbeat(origin: "elsewhere", sentAt: clock.now()))
        let (write, done) = renameInBackground(course.id)
        try await eventually { publisher.invalidations.count == 2 }
        guard case .invalidate(_, _, let nonce) = publisher.invalidations[1] else { return }
        try await Task.sleep(for: .milliseconds(50))
        #expect(!done.isSet, "no instance answered yet")
        l1.receive(.acknowledge(from: "there", to: "here", nonce: nonce))
        l1.receive(.acknowledge(from: "there", to: "someone-else", nonce: nonce + 1))
        try await Task.sleep(for: .milliseconds(50))
        #expect(!done.isSet, "one instance still has not answered")
        l1.receive(.acknowledge(from: "elsewhere", to: "here", nonce: nonce))
        try await write.value
        #expect(l1.writesUnacknowledged == 0)
        #expect(l1.pendingWrites == 0)
    }

    @Test func aSilentInstanceIsWaitedForOnlyUntilItExpires() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        l1.receive(.heartbeat(origin: "there", sentAt: clock.now()))
        let (write, done) = renameInBackground(course.id)
        try await eventually { publisher.invalidations.count == 2 }
        // Heartbeats every 250 ms also forget the instances not heard for a second (by the test's clock).
        let heartbeats = Task { await l1.runHeartbeats() }
        defer { heartbeats.cancel() }
        try await Task.sleep(for: .milliseconds(300))
        #expect(!done.isSet, "\"there\" was heard less than a second ago")
        clock.advance(1.01)
        try await write.value
        #expect(l1.writesUnacknowledged == 1)
        #expect(l1.livePeers.isEmpty)
        #expect(l1.pendingWrites == 0)
    }

    @Test func aWriteStopsWaitingAtItsDeadlineWhichCoversTheTTL() async throws {
        // The peer is never forgotten (nothing runs the heartbeats and the clock stands still): the deadline ends
        // the wait, and it is at least the TTL (here 200 ms, over peerExpiry + heartbeatInterval = 120 ms), so an
        // instance that never got the invalidation has let every older entry expire by then.
        let configuration = FirstLevelCacheConfiguration(
            ttl: .milliseconds(200), heartbeatInterval: .milliseconds(20), peerExpiry: .milliseconds(100))
        let quick = FirstLevelCourseCache(
            base: shared, reads: CachedRenderedReads(cache: shared, renderer: CountingRenderer()),
            publisher: publisher, configuration: configuration, clock: clock, instanceID: "quick")
        quick.receive(.heartbeat(origin: "there", sentAt: clock.now()))
        let start = ContinuousClock.now
        _ = try await quick.insert(CacheFixtures.course(1))
        #expect(ContinuousClock.now - start >= .milliseconds(250))
        #expect(quick.writesUnacknowledged == 1)
        #expect(quick.pendingWrites == 0)
    }

    @Test func anInstanceThatLeavesIsNoLongerWaitedFor() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        l1.receive(.heartbeat(origin: "there", sentAt: clock.now()))
        let (write, _) = renameInBackground(course.id)
        try await eventually { publisher.invalidations.count == 2 }
        l1.receive(.leaving(origin: "there"))
        try await write.value
        #expect(l1.writesUnacknowledged == 0, "a leaving instance stopped serving before it said so")
        #expect(l1.livePeers.isEmpty)
    }

    @Test func heartbeatsGoOutOnlyWhileSubscribedAndLeavingIsSaidAtTheEnd() async throws {
        let quick = FirstLevelCourseCache(
            base: shared, reads: CachedRenderedReads(cache: shared, renderer: CountingRenderer()),
            publisher: publisher,
            configuration: FirstLevelCacheConfiguration(heartbeatInterval: .milliseconds(10)), clock: clock,
            instanceID: "quick")
        func heartbeats() -> Int {
            publisher.sent.filter {
                if case .heartbeat(origin: "quick", _) = $0 { return true }
                return false
            }.count
        }
        let running = Task { await quick.runHeartbeats() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(heartbeats() == 0, "not subscribed yet: it could not hear an invalidation")
        quick.subscriptionStarted()
        try await eventually { heartbeats() >= 2 }
        quick.receive(.heartbeat(origin: "quick", sentAt: clock.now()))
        #expect(quick.isLive)
        running.cancel()
        await running.value
        #expect(publisher.sent.last == .leaving(origin: "quick"))
        #expect(!quick.isLive, "it stops serving before it says it is leaving")
    }

    @Test func anInstanceStopsServingWhenItsOwnHeartbeatStopsComingBack() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        _ = try await l1.renderedCourse(id: course.id)
        clock.advance(0.7)
        let reads = store.reads
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads, "served: the last heartbeat came back 0.7 s ago")
        clock.advance(0.06)
        #expect(!l1.isLive)
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads + 1, "not served once 750 ms passed without its heartbeat")
        #expect(l1.entryCount == 0, "and everything is dropped: invalidations may have been missed")
        // A heartbeat sent long ago that arrives late does not make it serve again; a new one does.
        l1.receive(.heartbeat(origin: "here", sentAt: clock.now().addingTimeInterval(-0.8)))
        #expect(!l1.isLive)
        echoOwnHeartbeat()
        #expect(l1.isLive)
    }
}
