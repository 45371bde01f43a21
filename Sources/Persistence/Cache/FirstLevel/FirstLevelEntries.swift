import CourseDomain
import Foundation

/// The entries of a ``FirstLevelCourseCache`` and what guards their fills: details by id, listing pages by query,
/// each with the time the read that filled it started; an epoch that every invalidation advances, so that a read
/// that started before an invalidation never stores what it read; and whether the cache may be used at all.
struct FirstLevelEntries {
    struct Entry<Value> {
        var value: Value
        var readAt: Date
        var size: Int
    }

    /// What a lookup found: the value, or the epoch under which a read may fill the entry (nil: it may not).
    enum Lookup<Value> {
        case hit(Value)
        case miss(epoch: UInt64?)
    }

    let ttl: TimeInterval
    let maxEntries: Int
    let maxBytes: Int
    private(set) var details: [UUID: Entry<RenderedCourse>] = [:]
    private(set) var pages: [CourseQuery: Entry<RenderedBody>] = [:]
    private(set) var bytes = 0
    private(set) var epoch: UInt64 = 0
    /// Whether entries are served and stored: false while invalidations from other instances cannot arrive.
    var live: Bool
    /// Until when entries may be served (nil: no bound): set by the instance's own heartbeats coming back. Past it,
    /// everything is dropped and nothing is served or stored, since invalidations may have been missed meanwhile.
    var servableUntil: Date?

    init(_ configuration: FirstLevelCacheConfiguration, live: Bool) {
        ttl = configuration.ttl.seconds
        maxEntries = configuration.maxEntries
        maxBytes = configuration.maxBytes
        self.live = live
    }

    var count: Int { details.count + pages.count }

    /// Whether entries may be served at `now`.
    func serving(at now: Date) -> Bool {
        guard live else { return false }
        guard let servableUntil else { return true }
        return now < servableUntil
    }

    /// Whether an entry read at `readAt` may still be served at `now` (a clock gone back expires it).
    private func fresh(_ readAt: Date, _ now: Date) -> Bool {
        let age = now.timeIntervalSince(readAt)
        return age >= 0 && age < ttl
    }

    mutating func detail(_ id: UUID, now: Date) -> Lookup<RenderedCourse> {
        lookup(id, in: \.details, now: now)
    }

    mutating func page(_ query: CourseQuery, now: Date) -> Lookup<RenderedBody> {
        lookup(query, in: \.pages, now: now)
    }

    /// Stores what a read that started at `readAt` under `epoch` found, unless an invalidation came since.
    mutating func store(_ id: UUID, _ course: RenderedCourse, epoch: UInt64, readAt: Date) {
        let size = course.body.bytes.count + course.body.etag.utf8.count + 64
        store(course, size: size, at: id, in: \.details, epoch: epoch, readAt: readAt)
    }

    /// Stores a page as ``store(_:_:epoch:readAt:)`` stores a detail.
    mutating func store(_ query: CourseQuery, _ body: RenderedBody, epoch: UInt64, readAt: Date) {
        let size =
            body.bytes.count + body.etag.utf8.count + 64 + (query.text?.utf8.count ?? 0)
            + (query.category?.utf8.count ?? 0)
        store(body, size: size, at: query, in: \.pages, epoch: epoch, readAt: readAt)
    }

    /// The fresh entry under `key` in `table` (an expired one is dropped), or the epoch a read may fill it under.
    private mutating func lookup<Key: Hashable, Value>(
        _ key: Key, in table: WritableKeyPath<Self, [Key: Entry<Value>]>, now: Date
    ) -> Lookup<Value> {
        guard serving(at: now) else {
            if count > 0 { invalidate(nil) }
            return .miss(epoch: nil)
        }
        if let entry = self[keyPath: table][key] {
            if fresh(entry.readAt, now) { return .hit(entry.value) }
            self[keyPath: table][key] = nil
            bytes -= entry.size
        }
        return .miss(epoch: epoch)
    }

    private mutating func store<Key: Hashable, Value>(
        _ value: Value, size: Int, at key: Key, in table: WritableKeyPath<Self, [Key: Entry<Value>]>, epoch: UInt64,
        readAt: Date
    ) {
        guard serving(at: readAt), epoch == self.epoch else { return }
        if let old = self[keyPath: table][key] { bytes -= old.size } else { makeRoom(size, now: readAt) }
        self[keyPath: table][key] = Entry(value: value, readAt: readAt, size: size)
        bytes += size
    }

    /// Drops `id`'s details and every page (a write changes listings too); nil drops everything.
    mutating func invalidate(_ id: UUID?) {
        epoch &+= 1
        guard let id else { return removeAll() }
        if let entry = details.removeValue(forKey: id) { bytes -= entry.size }
        for entry in pages.values { bytes -= entry.size }
        pages.removeAll(keepingCapacity: true)
    }

    mutating func removeAll() {
        details.removeAll(keepingCapacity: true)
        pages.removeAll(keepingCapacity: true)
        bytes = 0
    }

    /// Makes room for one more entry of `size` bytes: drops expired entries, then, if that is not enough,
    /// everything (a scan only when full, so amortized over as many stores as the cache holds).
    private mutating func makeRoom(_ size: Int, now: Date) {
        guard count + 1 > maxEntries || bytes + size > maxBytes else { return }
        details = details.filter { fresh($0.value.readAt, now) }
        pages = pages.filter { fresh($0.value.readAt, now) }
        bytes = details.values.reduce(0) { $0 + $1.size } + pages.values.reduce(0) { $0 + $1.size }
        if count + 1 > maxEntries || bytes + size > maxBytes { removeAll() }
    }
}
