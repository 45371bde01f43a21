import Foundation

/// A latch that suspends waiters until opened; waiting ignores cancellation on purpose, to model a
/// dependency that hangs and does not cooperate.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var arrivals = 0

    /// How many tasks have reached `wait()`.
    var arrivalCount: Int { lock.withLock { arrivals } }

    /// Suspends until `open()`, whatever happens to the calling task.
    func wait() async {
        await withCheckedContinuation { continuation in
            lock.lock()
            arrivals += 1
            if isOpen {
                lock.unlock()
                continuation.resume()
            } else {
                waiters.append(continuation)
                lock.unlock()
            }
        }
    }

    /// Releases every waiter, now and in the future.
    func open() {
        lock.lock()
        isOpen = true
        let released = waiters
        waiters = []
        lock.unlock()
        released.forEach { $0.resume() }
    }

    /// Waits (yielding) until `count` tasks have arrived.
    func waitForArrivals(_ count: Int) async {
        while arrivalCount < count { await Task.yield() }
    }
}

/// Opens when `count` tasks have arrived: proves that they run at the same time.
final class Barrier: @unchecked Sendable {
    private let gate = Gate()
    private let lock = NSLock()
    private var remaining: Int

    init(count: Int) {
        remaining = count
    }

    func arriveAndWait() async {
        let last = lock.withLock {
            remaining -= 1
            return remaining == 0
        }
        if last { gate.open() }
        await gate.wait()
    }
}
