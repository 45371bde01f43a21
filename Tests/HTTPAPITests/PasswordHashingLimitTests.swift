import Dispatch
import NIOCore
import Synchronization
import Testing

@testable import HTTPAPI

/// Password hashing runs under a concurrency limit: a flood of logins queues instead of taking every core.
@Suite("bcrypt concurrency limit")
struct PasswordHashingLimitTests {
    /// Counts the work running at once; each piece blocks on a pool thread until released (a semaphore: the
    /// work is synchronous on purpose, like bcrypt).
    final class Gate: @unchecked Sendable {
        let counts = Mutex((running: 0, most: 0, done: 0))
        let release = DispatchSemaphore(value: 0)

        func pass() {
            counts.withLock {
                $0.running += 1
                $0.most = max($0.most, $0.running)
            }
            release.wait()
            counts.withLock {
                $0.running -= 1
                $0.done += 1
            }
        }
    }

    @Test func atMostTheLimitRunsAtOnceAndTheRestQueue() async throws {
        let hasher = BcryptPasswordHasher(cost: 10, maximumConcurrent: 3)
        let gate = Gate()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 { group.addTask { try await hasher.run { gate.pass() } } }
            // Poll with a deadline until the limit is reached (the pool's threads pick the work up).
            let deadline = ContinuousClock.now + .seconds(30)
            while gate.counts.withLock({ $0.running }) < 3 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(1))
            }
            #expect(gate.counts.withLock { $0.running } == 3, "three run, nine wait")
            for _ in 0..<12 { gate.release.signal() }
            try await group.waitForAll()
        }
        let counts = gate.counts.withLock { $0 }
        #expect(counts.done == 12)
        #expect(counts.most == 3, "never more than the limit at once")
    }

    @Test func theDefaultLimitIsTheNumberOfCoresAndHashesStillVerify() async throws {
        let hasher = BcryptPasswordHasher()
        #expect(hasher.maximumConcurrent == System.coreCount)
        let hash = try await hasher.hash("a long password")
        #expect(try await hasher.verify("a long password", against: hash))
        #expect(try await !hasher.verify("another password", against: hash))
    }
}
