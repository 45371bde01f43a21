import CourseDomain
import Foundation
import Synchronization
import Testing

/// SPEC §4 "Login throttling", the pure rules: a table of failure histories and the wait they give.
@Suite("Login throttling rules")
struct LoginThrottlePolicyTests {
    static let now = Date(timeIntervalSince1970: 1_000_000)
    static let policy = LoginThrottlePolicy()

    /// Failures `secondsAgo` before `now`.
    static func ago(_ secondsAgo: [Double]) -> [Date] { secondsAgo.map { now.addingTimeInterval(-$0) } }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var failures: [Double]
        var limit: Int
        var expected: Int?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no failure", failures: [], limit: 5, expected: nil),
        Case(name: "four failures", failures: [40, 30, 20, 10], limit: 5, expected: nil),
        Case(name: "fifth failure just now: one minute", failures: [40, 30, 20, 10, 0], limit: 5, expected: 60),
        Case(name: "fifth failure 45 s ago", failures: [85, 75, 65, 55, 45], limit: 5, expected: 15),
        Case(
            name: "fifth failure a minute ago: one more try", failures: [100, 90, 80, 70, 60], limit: 5, expected: nil),
        Case(name: "sixth failure doubles the wait", failures: [100, 90, 80, 70, 60, 0], limit: 5, expected: 120),
        Case(name: "seventh: four minutes", failures: [300, 290, 280, 270, 260, 130, 0], limit: 5, expected: 240),
        Case(
            name: "the wait is capped by the oldest failure leaving the window",
            failures: [890, 880, 870, 860, 850, 840, 830, 820, 0], limit: 5, expected: 50),
        Case(
            name: "many failures: capped at fifteen minutes",
            failures: Array(stride(from: 14.0, through: 0, by: -1)), limit: 5, expected: 896),
        Case(
            name: "failures older than the window are forgotten", failures: [1000, 950, 900, 10, 0], limit: 5,
            expected: nil),
        Case(
            name: "a client address: 99 failures", failures: Array(repeating: 5, count: 99), limit: 100, expected: nil),
        Case(
            name: "a client address: 100 failures", failures: Array(repeating: 0, count: 100), limit: 100, expected: 60),
    ]

    @Test(arguments: cases)
    func theWaitForAHistory(_ item: Case) {
        #expect(
            Self.policy.retryAfterSeconds(failures: Self.ago(item.failures), limit: item.limit, now: Self.now)
                == item.expected)
    }

    @Test func theLongerOfTheEmailAndTheAddressWaitsWins() {
        let email = Self.ago([40, 30, 20, 10, 0])
        let address = Self.ago(Array(repeating: 0, count: 101))
        #expect(Self.policy.retryAfterSeconds(emailFailures: email, addressFailures: [], now: Self.now) == 60)
        #expect(Self.policy.retryAfterSeconds(emailFailures: [], addressFailures: address, now: Self.now) == 120)
        #expect(Self.policy.retryAfterSeconds(emailFailures: email, addressFailures: address, now: Self.now) == 120)
        #expect(Self.policy.retryAfterSeconds(emailFailures: [], addressFailures: [], now: Self.now) == nil)
    }
}

/// The throttle over a store and a clock: what it records, clears, and that it fails open.
@Suite("Login throttle")
struct LoginThrottleTests {
    @Test func failuresAreCountedPerEmailAndAddressAndASuccessClearsOnlyItsEmail() async throws {
        let clock = ManualClock()
        let throttle = LoginThrottle(store: FakeLoginFailureStore(), clock: clock)
        for _ in 0..<5 { await throttle.recordFailure(email: "ann@example.com", address: "192.0.2.1") }
        #expect(await throttle.retryAfterSeconds(email: "ann@example.com", address: "192.0.2.9") == 60)
        #expect(await throttle.retryAfterSeconds(email: "bob@example.com", address: "192.0.2.1") == nil)
        await throttle.recordSuccess(email: "bob@example.com")
        #expect(await throttle.retryAfterSeconds(email: "ann@example.com", address: nil) == 60)
        await throttle.recordSuccess(email: "ann@example.com")
        #expect(await throttle.retryAfterSeconds(email: "ann@example.com", address: nil) == nil)
        clock.advance(30)
        #expect(await throttle.retryAfterSeconds(email: "ann@example.com", address: "192.0.2.1") == nil)
    }

    @Test func oneAddressIsThrottledAfterAHundredFailuresWhateverTheEmails() async throws {
        let throttle = LoginThrottle(store: FakeLoginFailureStore(), clock: ManualClock())
        for index in 0..<99 { await throttle.recordFailure(email: "user\(index)@example.com", address: "192.0.2.1") }
        #expect(await throttle.retryAfterSeconds(email: "new@example.com", address: "192.0.2.1") == nil)
        await throttle.recordFailure(email: "user99@example.com", address: "192.0.2.1")
        #expect(await throttle.retryAfterSeconds(email: "new@example.com", address: "192.0.2.1") == 60)
        #expect(await throttle.retryAfterSeconds(email: "new@example.com", address: "192.0.2.2") == nil)
    }

    @Test func anUnreachableStoreFailsOpenAndIsReported() async throws {
        let reported = Mutex(0)
        let throttle = LoginThrottle(
            store: FakeLoginFailureStore(failing: true), clock: ManualClock(),
            storeFailed: { _ in reported.withLock { $0 += 1 } })
        for _ in 0..<10 { await throttle.recordFailure(email: "ann@example.com", address: "192.0.2.1") }
        #expect(await throttle.retryAfterSeconds(email: "ann@example.com", address: "192.0.2.1") == nil)
        await throttle.recordSuccess(email: "ann@example.com")
        #expect(reported.withLock { $0 } == 12)
    }
}

/// An in-memory `LoginFailureStore` that can be made to fail like an unreachable Redis.
final class FakeLoginFailureStore: LoginFailureStore {
    struct Unreachable: Error {}
    private let failures = Mutex<[LoginFailureKey: [Date]]>([:])
    private let failing: Bool

    init(failing: Bool = false) { self.failing = failing }

    func failures(_ keys: [LoginFailureKey], since: Date) async throws -> [[Date]] {
        if failing { throw Unreachable() }
        return failures.withLock { all in keys.map { (all[$0] ?? []).filter { $0 > since } } }
    }

    func recordFailure(at date: Date, _ keys: [LoginFailureKey], forgettingUpTo since: Date) async throws {
        if failing { throw Unreachable() }
        failures.withLock { all in for key in keys { all[key, default: []].append(date) } }
    }

    func clear(_ key: LoginFailureKey) async throws {
        if failing { throw Unreachable() }
        _ = failures.withLock { $0.removeValue(forKey: key) }
    }
}
