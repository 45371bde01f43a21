public import CourseDomain
import HummingbirdBcrypt
import NIOCore
import NIOPosix

/// bcrypt password hashing on threads of its own, so it never blocks an event loop or the cooperative pool,
/// and under a concurrency limit (SPEC §4): at most `maximumConcurrent` hashes run at once, further callers queue,
/// so a flood of logins cannot take every core from the rest of the server.
public struct BcryptPasswordHasher: PasswordHasher {
    /// The bcrypt cost factor (at least 10).
    public let cost: UInt8
    /// How many hashes or verifications run at once at most.
    public let maximumConcurrent: Int
    private let threadPool: NIOThreadPool

    /// Hashes on the process's shared bcrypt threads, one per core.
    public init(cost: UInt8 = 10) {
        self.cost = max(10, cost)
        self.maximumConcurrent = Self.sharedThreadCount
        self.threadPool = Self.sharedThreadPool
    }

    /// Hashes on a pool of its own of `maximumConcurrent` threads, started here and kept for the process's life.
    public init(cost: UInt8 = 10, maximumConcurrent: Int) {
        self.cost = max(10, cost)
        self.maximumConcurrent = max(1, maximumConcurrent)
        let pool = NIOThreadPool(numberOfThreads: self.maximumConcurrent)
        pool.start()
        self.threadPool = pool
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await run { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await run { Bcrypt.verify(password, hash: hash) }
    }

    /// Runs `work` on one of the hasher's threads, after the work queued before it.
    func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await threadPool.runIfActive(work)
    }

    private static let sharedThreadCount = max(1, System.coreCount)

    /// The bcrypt threads of the process (never shut down: hashing is needed until exit).
    private static let sharedThreadPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: sharedThreadCount)
        pool.start()
        return pool
    }()
}
