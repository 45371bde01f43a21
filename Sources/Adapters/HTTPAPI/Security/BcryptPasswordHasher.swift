public import CourseDomain
import HummingbirdBcrypt
public import NIOPosix

/// bcrypt password hashing, run on a thread pool so it never blocks an event loop or the cooperative pool.
public struct BcryptPasswordHasher: PasswordHasher {
    /// The bcrypt cost factor (at least 10).
    public let cost: UInt8
    private let threadPool: NIOThreadPool

    public init(cost: UInt8 = 10, threadPool: NIOThreadPool = .singleton) {
        self.cost = max(10, cost)
        self.threadPool = threadPool
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
