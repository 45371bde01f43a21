/// Hashes and checks passwords (bcrypt in production); slow on purpose, so implementations run off the event loops.
public protocol PasswordHasher: Sendable {
    /// A salted hash of `password`.
    func hash(_ password: String) async throws -> String
    /// Whether `password` matches `hash`.
    func verify(_ password: String, against hash: String) async throws -> Bool
}
