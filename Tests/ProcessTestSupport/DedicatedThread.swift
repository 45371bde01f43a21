import Foundation

/// Runs blocking test code (pipe reads, `waitUntilExit`, a log sink's `flush`) on a thread of its own.
///
/// Swift's cooperative pool has one thread per core, two on CI. A test that blocks one of them for the life of a
/// child process starves every other test's timers and tasks: a 100 ms timeout then takes seconds to fire.
public enum DedicatedThread {
    /// Runs `body` on a new thread and returns what it returns, suspending (not blocking) the caller meanwhile.
    public static func run<Value: Sendable>(
        _ name: String = "coursed.test.blocking", _ body: @escaping @Sendable () throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = name
            thread.start()
        }
    }

    /// Runs `body`, which cannot fail, on a new thread.
    public static func run<Value: Sendable>(
        _ name: String = "coursed.test.blocking", _ body: @escaping @Sendable () -> Value
    ) async -> Value {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
