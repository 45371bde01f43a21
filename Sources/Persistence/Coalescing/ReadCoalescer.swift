import Synchronization

/// Merges concurrent reads by key into batched loads, so that under load many requests share one round trip.
///
/// At most `maxConcurrentLoads` loads run at once. While they are all busy, new reads wait in a queue; when a load
/// finishes, the oldest waiting read runs the next load, for its own key and for up to `maxKeysPerLoad - 1` more
/// queued keys, and every read waiting for one of those keys gets its value from it. A key asked for several times
/// is loaded once. Below the concurrency limit nothing waits and each read loads its own key at once.
///
/// Freshness: a read is only ever served by a load that *started after it arrived*, so it sees every write
/// acknowledged before it was made, exactly as a read of its own would.
///
/// Each load runs in the task of the read that drives it (no extra task or thread hop); a failed load fails every
/// read it was serving. A waiting read is not interrupted by cancellation: it waits for its load, which is bounded
/// by the loader's own timeouts.
public final class ReadCoalescer<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// Loads the values of `keys` (distinct); a key missing from the result has no value.
    public typealias Loader = @Sendable ([Key]) async throws -> [Key: Value]

    /// How many loads may run at once.
    public let maxConcurrentLoads: Int
    /// How many distinct keys one load may ask for.
    public let maxKeysPerLoad: Int
    private let load: Loader
    private let state: Mutex<CoalescerState<Key, Value>>

    /// A coalescer over `load`; both limits are at least 1.
    public init(maxConcurrentLoads: Int, maxKeysPerLoad: Int, load: @escaping Loader) {
        self.maxConcurrentLoads = max(1, maxConcurrentLoads)
        self.maxKeysPerLoad = max(1, maxKeysPerLoad)
        self.load = load
        self.state = Mutex(CoalescerState())
    }

    /// The value of `key` (nil when there is none), loaded alone or together with other waiting reads.
    public func value(for key: Key) async throws -> Value? {
        let drivesNow = state.withLock { state in
            guard state.running < maxConcurrentLoads else { return false }
            state.running += 1
            return true
        }
        if drivesNow { return try await drive(key) }
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let drivesNow = state.withLock { state in
                // A load may have finished since the check above.
                if state.running < maxConcurrentLoads {
                    state.running += 1
                    return true
                }
                state.enqueue(key, continuation)
                return false
            }
            if drivesNow { continuation.resume(returning: .drive) }
        }
        switch outcome {
        case .value(let value): return value
        case .failure(let error) where error is CancellationError && !Task.isCancelled:
            // The read that ran the load was cancelled (its client went away), not this one: wait for the next
            // load, which starts after this read arrived like the failed one did.
            return try await value(for: key)
        case .failure(let error): throw error
        case .drive: return try await drive(key)
        }
    }

    /// Statistics: loads run, keys loaded and reads served (for tests and metrics).
    public var stats: ReadCoalescerStats { state.withLock { $0.stats } }

    /// How many reads wait in the queue now (for tests: what arrived while the loads were busy).
    public var queuedReads: Int { state.withLock { $0.queuedReads } }

    /// Runs one load for `key` and the oldest queued keys, serves their waiters, then hands the slot to the next
    /// waiting read (or frees it).
    private func drive(_ key: Key) async throws -> Value? {
        let batch = state.withLock { $0.takeBatch(first: key, limit: maxKeysPerLoad) }
        let result: Result<[Key: Value], any Error>
        do {
            result = .success(try await load(batch.keys))
        } catch {
            result = .failure(error)
        }
        for (waitingKey, continuation) in batch.waiters {
            switch result {
            case .success(let values): continuation.resume(returning: .value(values[waitingKey]))
            case .failure(let error): continuation.resume(returning: .failure(error))
            }
        }
        let next = state.withLock { state in
            state.stats.loads += 1
            state.stats.keysLoaded += batch.keys.count
            state.stats.readsServed += batch.waiters.count + 1
            return state.handOff()
        }
        next?.resume(returning: .drive)
        return try result.get()[key]
    }

    /// What a waiting read is woken with.
    enum Outcome: Sendable {
        case value(Value?)
        case failure(any Error)
        /// Run the next load yourself (your key is no longer queued).
        case drive
    }
}

/// Counters of a `ReadCoalescer`: `readsServed / loads` is the average number of reads one load served.
public struct ReadCoalescerStats: Sendable, Equatable {
    /// Loads run.
    public var loads = 0
    /// Distinct keys asked for, over all loads.
    public var keysLoaded = 0
    /// Reads answered by those loads.
    public var readsServed = 0

    /// Counters with these values.
    public init(loads: Int = 0, keysLoaded: Int = 0, readsServed: Int = 0) {
        self.loads = loads
        self.keysLoaded = keysLoaded
        self.readsServed = readsServed
    }
}

/// The queue of a `ReadCoalescer`: waiting reads grouped by key, keys in arrival order.
struct CoalescerState<Key: Hashable & Sendable, Value: Sendable> {
    typealias Waiter = CheckedContinuation<ReadCoalescer<Key, Value>.Outcome, Never>

    var running = 0
    var stats = ReadCoalescerStats()
    /// Keys with waiting reads, oldest first (each key once).
    private var order: [Key] = []
    private var head = 0
    private var waiters: [Key: [Waiter]] = [:]

    /// How many reads wait.
    var queuedReads: Int { waiters.values.reduce(0) { $0 + $1.count } }

    mutating func enqueue(_ key: Key, _ continuation: Waiter) {
        if waiters[key] == nil {
            waiters[key] = [continuation]
            order.append(key)
        } else {
            waiters[key]!.append(continuation)
        }
    }

    /// Removes `first`'s waiters and the oldest other keys with theirs, up to `limit` keys in all.
    mutating func takeBatch(first: Key, limit: Int) -> (keys: [Key], waiters: [(Key, Waiter)]) {
        var keys = [first]
        var taken: [(Key, Waiter)] = []
        for continuation in waiters.removeValue(forKey: first) ?? [] { taken.append((first, continuation)) }
        while keys.count < limit, head < order.count {
            let key = order[head]
            head += 1
            guard let group = waiters.removeValue(forKey: key) else { continue }  // `first`, already taken
            keys.append(key)
            for continuation in group { taken.append((key, continuation)) }
        }
        compact()
        return (keys, taken)
    }

    /// The oldest waiting read, removed from the queue to drive the next load; when none waits, frees the slot.
    mutating func handOff() -> Waiter? {
        while head < order.count {
            let key = order[head]
            guard var group = waiters[key], !group.isEmpty else {
                head += 1
                continue
            }
            let next = group.removeFirst()
            // Its key stays queued when other reads wait for it too; `takeBatch(first:)` collects them.
            if group.isEmpty {
                waiters[key] = nil
                head += 1
            } else {
                waiters[key] = group
            }
            compact()
            return next
        }
        running -= 1
        compact()
        return nil
    }

    private mutating func compact() {
        if head == order.count {
            order.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
