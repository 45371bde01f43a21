import Synchronization

/// Merges concurrent reads of the *same* key: at most one load per key runs at a time, and every read of that key
/// arriving meanwhile is answered by the next load, which starts as soon as the running one ends. Reads of
/// different keys never wait for each other.
///
/// Use it where keys cost very different amounts (a listing with a text search next to a plain first page), so that
/// one slow key holds up only its own readers; `ReadCoalescer` batches many cheap keys into one load instead.
///
/// Freshness: as with `ReadCoalescer`, a read is only answered by a load that started after it arrived. A load runs
/// in the task of one of the reads it serves; a failed load fails every read it served.
public final class KeyedReadCoalescer<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// Loads the value of one key (make `Value` optional for keys that may have none).
    public typealias Loader = @Sendable (Key) async throws -> Value

    private let load: Loader
    private let state = Mutex<KeyedCoalescerState<Key, Value>>(KeyedCoalescerState())

    /// A coalescer over `load`.
    public init(load: @escaping Loader) {
        self.load = load
    }

    /// The value of `key`, from a load of its own or one shared with the reads of `key` that arrived with it.
    public func value(for key: Key) async throws -> Value {
        let drivesNow = state.withLock { $0.start(key) }
        if drivesNow { return try await drive(key, serving: []) }
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let drivesNow = state.withLock { state in
                // The running load may have ended since the check above.
                if state.start(key) { return true }
                state.wait(for: key, continuation)
                return false
            }
            if drivesNow { continuation.resume(returning: .drive(serving: [])) }
        }
        switch outcome {
        case .value(let value): return value
        case .failure(let error) where error is CancellationError && !Task.isCancelled:
            // The read that ran the load was cancelled (its client went away), not this one: wait for the next
            // load, which starts after this read arrived like the failed one did.
            return try await value(for: key)
        case .failure(let error): throw error
        case .drive(let others): return try await drive(key, serving: others)
        }
    }

    /// Statistics: loads run and reads served.
    public var stats: ReadCoalescerStats { state.withLock { $0.stats } }

    /// How many reads wait for a running load of their key to end (for tests).
    public var waitingReads: Int { state.withLock { $0.waitingReads } }

    /// Runs one load of `key` for this read and `others`, then hands the key to the reads that arrived meanwhile.
    private func drive(_ key: Key, serving others: [Waiter]) async throws -> Value {
        let result: Result<Value, any Error>
        do {
            result = .success(try await load(key))
        } catch {
            result = .failure(error)
        }
        for waiter in others {
            switch result {
            case .success(let value): waiter.resume(returning: .value(value))
            case .failure(let error): waiter.resume(returning: .failure(error))
            }
        }
        let next = state.withLock { state in
            state.stats.loads += 1
            state.stats.keysLoaded += 1
            state.stats.readsServed += others.count + 1
            return state.finish(key)
        }
        if let (driver, rest) = next { driver.resume(returning: .drive(serving: rest)) }
        return try result.get()
    }

    typealias Waiter = CheckedContinuation<Outcome, Never>

    /// What a waiting read is woken with.
    enum Outcome: Sendable {
        case value(Value)
        case failure(any Error)
        /// Run the next load of your key yourself, and answer these reads with it too.
        case drive(serving: [Waiter])
    }
}

/// The keys with a load running, and the reads waiting for each key's next load.
struct KeyedCoalescerState<Key: Hashable & Sendable, Value: Sendable> {
    typealias Waiter = KeyedReadCoalescer<Key, Value>.Waiter

    var stats = ReadCoalescerStats()
    /// Keys with a running load -> the reads that arrived since it started.
    private var running: [Key: [Waiter]] = [:]

    /// Marks `key` as loading when no load of it runs; false when one does.
    mutating func start(_ key: Key) -> Bool {
        guard running[key] == nil else { return false }
        running[key] = []
        return true
    }

    /// How many reads wait for the next load of their key.
    var waitingReads: Int { running.values.reduce(0) { $0 + $1.count } }

    mutating func wait(for key: Key, _ waiter: Waiter) {
        running[key, default: []].append(waiter)
    }

    /// Ends `key`'s load: the first read that arrived meanwhile drives the next load for the rest; none, the key
    /// is idle again.
    mutating func finish(_ key: Key) -> (Waiter, [Waiter])? {
        guard let waiting = running[key], let first = waiting.first else {
            running[key] = nil
            return nil
        }
        running[key] = []
        return (first, Array(waiting.dropFirst()))
    }
}
