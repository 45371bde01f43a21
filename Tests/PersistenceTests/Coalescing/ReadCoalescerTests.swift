import Persistence
import Synchronization
import Testing

/// A loader whose loads can be held open, recording every batch of keys it was asked for.
final class GatedLoader: Sendable {
    private let batchLog = Mutex<[[String]]>([])
    private let gate = TestGate()
    /// Values are "<key>@<load number>", so a test can tell which load answered.
    let failing: Set<String>

    init(failing: Set<String> = []) { self.failing = failing }

    var batches: [[String]] { batchLog.withLock { $0 } }
    var heldCount: Int { gate.heldCount }

    func hold() { gate.hold() }

    /// Lets the loads waiting now go on, keeping later ones held.
    func releaseHeld() { gate.releaseHeld() }

    func release() { gate.release() }

    func load(_ keys: [String]) async throws -> [String: String] {
        let number = batchLog.withLock { batches in
            batches.append(keys)
            return batches.count
        }
        await gate.pass()
        if keys.contains(where: failing.contains) { throw LoadFailure() }
        var values: [String: String] = [:]
        for key in keys where !key.hasPrefix("missing") { values[key] = "\(key)@\(number)" }
        return values
    }

    struct LoadFailure: Error {}
}

@Suite("Read coalescer")
struct ReadCoalescerTests {
    @Test("below the limit every read loads its own key at once")
    func noQueueNoBatching() async throws {
        let loader = GatedLoader()
        let coalescer = ReadCoalescer<String, String>(maxConcurrentLoads: 4, maxKeysPerLoad: 10) {
            try await loader.load($0)
        }
        #expect(try await coalescer.value(for: "a") == "a@1")
        #expect(try await coalescer.value(for: "b") == "b@2")
        #expect(try await coalescer.value(for: "missing-c") == nil)
        #expect(loader.batches == [["a"], ["b"], ["missing-c"]])
        #expect(coalescer.stats == ReadCoalescerStats(loads: 3, keysLoaded: 3, readsServed: 3))
    }

    @Test("reads queued behind a busy load share the next one; a repeated key is loaded once")
    func queuedReadsShareOneLoad() async throws {
        let loader = GatedLoader()
        let coalescer = ReadCoalescer<String, String>(maxConcurrentLoads: 1, maxKeysPerLoad: 10) {
            try await loader.load($0)
        }
        loader.hold()
        async let first = coalescer.value(for: "a")
        try await eventually { loader.heldCount == 1 }
        // These arrive while load 1 is in flight: none of them may be answered by it.
        async let second = coalescer.value(for: "b")
        async let third = coalescer.value(for: "a")
        async let fourth = coalescer.value(for: "c")
        async let fifth = coalescer.value(for: "b")
        try await eventually { coalescer.queuedReads == 4 }
        #expect(loader.batches.count == 1)
        loader.release()
        let values = try await [first, second, third, fourth, fifth]
        #expect(values[0] == "a@1")
        #expect(values[1...].allSatisfy { $0?.hasSuffix("@2") == true })
        #expect(values[1] == "b@2" && values[2] == "a@2" && values[3] == "c@2" && values[4] == "b@2")
        #expect(loader.batches.count == 2)
        #expect(Set(loader.batches[1]) == ["a", "b", "c"] && loader.batches[1].count == 3)
        #expect(coalescer.stats.readsServed == 5)
    }

    @Test("a load asks for at most maxKeysPerLoad keys; the rest go to the next load")
    func keyLimit() async throws {
        let loader = GatedLoader()
        let coalescer = ReadCoalescer<String, String>(maxConcurrentLoads: 1, maxKeysPerLoad: 2) {
            try await loader.load($0)
        }
        loader.hold()
        async let blocker = coalescer.value(for: "x")
        try await eventually { loader.heldCount == 1 }
        async let a = coalescer.value(for: "a")
        async let b = coalescer.value(for: "b")
        async let c = coalescer.value(for: "c")
        try await eventually { coalescer.queuedReads == 3 }
        loader.release()
        let values = try await [blocker, a, b, c]
        #expect(values.allSatisfy { $0 != nil })
        #expect(loader.batches.count == 3)
        #expect(loader.batches.dropFirst().allSatisfy { $0.count <= 2 })
        #expect(Set(loader.batches.dropFirst().flatMap { $0 }) == ["a", "b", "c"])
    }

    @Test("a failed load fails every read it served, and the next reads load again")
    func failurePropagates() async throws {
        let loader = GatedLoader(failing: ["bad"])
        let coalescer = ReadCoalescer<String, String>(maxConcurrentLoads: 1, maxKeysPerLoad: 10) {
            try await loader.load($0)
        }
        loader.hold()
        async let blocker = coalescer.value(for: "x")
        try await eventually { loader.heldCount == 1 }
        async let bad = coalescer.value(for: "bad")
        async let innocent = coalescer.value(for: "y")
        try await eventually { coalescer.queuedReads == 2 }
        loader.release()
        #expect(try await blocker == "x@1")
        var failures = 0
        do { _ = try await bad } catch is GatedLoader.LoadFailure { failures += 1 }
        do { _ = try await innocent } catch is GatedLoader.LoadFailure { failures += 1 }
        #expect(failures == 2)
        #expect(try await coalescer.value(for: "y") == "y@3")
    }

    @Test("under many concurrent reads every read gets its own key's value and no slot leaks")
    func manyConcurrentReads() async throws {
        let loads = Mutex(0)
        let coalescer = ReadCoalescer<Int, Int>(maxConcurrentLoads: 2, maxKeysPerLoad: 8) { keys in
            loads.withLock { $0 += 1 }
            await Task.yield()  // a load that suspends, so reads pile up behind it
            return Dictionary(uniqueKeysWithValues: keys.map { ($0, $0 * 10) })
        }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<400 {
                group.addTask { try await coalescer.value(for: index % 37) == (index % 37) * 10 }
            }
            for try await correct in group { #expect(correct) }
        }
        #expect(coalescer.stats.readsServed == 400)
        #expect(loads.withLock { $0 } < 400)
        // Every slot was handed back: a fresh read runs at once.
        #expect(try await coalescer.value(for: 5) == 50)
    }
}

@Suite("Keyed read coalescer")
struct KeyedReadCoalescerTests {
    @Test("reads of one key arriving during its load share the next load; other keys never wait")
    func perKeyCoalescing() async throws {
        let loader = GatedLoader()
        let coalescer = KeyedReadCoalescer<String, String?> { key in try await loader.load([key])[key] }
        loader.hold()
        async let first = coalescer.value(for: "a")
        try await eventually { loader.heldCount == 1 }
        async let second = coalescer.value(for: "a")
        async let third = coalescer.value(for: "a")
        // Another key starts its own load at once, while "a" is still held.
        async let other = coalescer.value(for: "b")
        try await eventually { loader.heldCount == 2 && coalescer.waitingReads == 2 }
        #expect(loader.batches.count == 2)
        loader.release()
        let values = try await [first, second, third, other]
        #expect(values[0] == "a@1")
        #expect(values[3] == "b@2")
        // Both later reads of "a" came from one load, started after they arrived.
        #expect(values[1] == "a@3" && values[2] == "a@3")
        #expect(loader.batches.count == 3)
        #expect(coalescer.stats.readsServed == 4)
        // The key is idle again: the next read loads at once.
        #expect(try await coalescer.value(for: "a") == "a@4")
    }

    @Test("a failed load fails its readers only; missing values are nil")
    func failuresAndMissingValues() async throws {
        let loader = GatedLoader(failing: ["bad"])
        let coalescer = KeyedReadCoalescer<String, String?> { key in try await loader.load([key])[key] }
        await #expect(throws: GatedLoader.LoadFailure.self) { try await coalescer.value(for: "bad") }
        #expect(try await coalescer.value(for: "missing-x") == nil)
        #expect(try await coalescer.value(for: "good") == "good@3")
    }

    @Test("many concurrent reads over a few keys: each gets its key's value, fewer loads than reads")
    func manyReads() async throws {
        let loads = Mutex(0)
        let coalescer = KeyedReadCoalescer<Int, Int> { key in
            loads.withLock { $0 += 1 }
            await Task.yield()  // a load that suspends, so reads pile up behind it
            return key * 10
        }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<300 {
                group.addTask { try await coalescer.value(for: index % 5) == (index % 5) * 10 }
            }
            for try await correct in group { #expect(correct) }
        }
        #expect(coalescer.stats.readsServed == 300)
        #expect(loads.withLock { $0 } < 300)
    }
}

@Suite("Coalescers when the reading task is cancelled")
struct CoalescerCancellationTests {
    /// A loader that waits until released, then fails with `CancellationError` if its own task was cancelled.
    final class CancellableLoader: Sendable {
        let loader = GatedLoader()

        func load(_ keys: [String]) async throws -> [String: String] {
            let values = try await loader.load(keys)
            try Task.checkCancellation()
            return values
        }
    }

    @Test("a cancelled driver does not fail the reads it was serving (batching coalescer)")
    func batchingCoalescer() async throws {
        let source = CancellableLoader()
        let coalescer = ReadCoalescer<String, String>(maxConcurrentLoads: 1, maxKeysPerLoad: 10) {
            try await source.load($0)
        }
        source.loader.hold()
        let blocker = Task { try await coalescer.value(for: "x") }
        try await eventually { source.loader.heldCount >= 1 }
        // "a" and "b" queue behind load 1; "a" will drive load 2, serving "b" too.
        let driver = Task { try await coalescer.value(for: "a") }
        try await eventually { coalescer.queuedReads == 1 }
        let passenger = Task { try await coalescer.value(for: "b") }
        try await eventually { coalescer.queuedReads == 2 }
        source.loader.releaseHeld()
        #expect(try await blocker.value == "x@1")
        try await eventually { source.loader.heldCount >= 1 }  // load 2, for a and b, is held
        #expect(source.loader.batches.count == 2 && Set(source.loader.batches[1]) == ["a", "b"])
        driver.cancel()
        source.loader.release()
        await #expect(throws: CancellationError.self) { try await driver.value }
        // Load 2 failed only because its driver was cancelled: "b" is read again by load 3.
        #expect(try await passenger.value == "b@3")
    }

    @Test("a cancelled driver does not fail the reads it was serving (keyed coalescer)")
    func keyedCoalescer() async throws {
        let source = CancellableLoader()
        let coalescer = KeyedReadCoalescer<String, String?> { key in try await source.load([key])[key] }
        source.loader.hold()
        let driver = Task { try await coalescer.value(for: "k") }
        try await eventually { source.loader.heldCount >= 1 }
        let first = Task { try await coalescer.value(for: "k") }
        try await eventually { coalescer.waitingReads == 1 }
        // The driver of load 1 is cancelled: load 1 fails for it. `first` arrived after load 1 started, so it
        // drives load 2 and is answered by it.
        driver.cancel()
        source.loader.release()
        await #expect(throws: CancellationError.self) { try await driver.value }
        #expect(try await first.value == "k@2")
    }
}
