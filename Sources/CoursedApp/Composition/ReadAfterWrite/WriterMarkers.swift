import Foundation
import PostgresAdapter
import RedisAdapter
import Synchronization

/// The WAL position of each user's last write, for `max_replica_lag` + 1 s: in Redis (shared by every instance,
/// key `coursed:v2:<namespace>:rw:<user id>`, one slot per user on a cluster), or in this process when there is
/// no Redis (one instance only). Errors count as "no marker": reads then go where anonymous ones go.
final class WriterMarkers: Sendable {
    private let client: RedisClient?
    private let prefix: String
    private let local = Mutex<[String: (PostgresLSN, ContinuousClock.Instant)]>([:])

    /// Markers in this process.
    init() {
        client = nil
        prefix = ""
    }

    /// Markers in Redis under `prefix` (`coursed:v2:<namespace>:`).
    init(redis client: RedisClient, prefix: String) {
        self.client = client
        self.prefix = prefix
    }

    /// The position `user` last wrote, if recent.
    func position(of user: String) async -> PostgresLSN? {
        if let client {
            guard let text = try? await client.send("GET", .string(Self.key(prefix, user))).string else { return nil }
            return PostgresLSN(text)
        }
        let now = ContinuousClock.now
        return local.withLock { markers in
            guard let (position, expiry) = markers[user], expiry > now else { return nil }
            return position
        }
    }

    /// Records that `user` wrote up to `position`.
    func record(_ position: PostgresLSN, for user: String, lifetime: Duration) async {
        if let client {
            let milliseconds =
                Int(lifetime.components.seconds) * 1000 + Int(lifetime.components.attoseconds / 1_000_000_000_000_000)
            _ = try? await client.send(
                "SET", .string(Self.key(prefix, user)), .string(position.description), "PX", .int(max(1, milliseconds)))
            return
        }
        let expiry = ContinuousClock.now + lifetime
        local.withLock { markers in
            markers = markers.filter { $0.value.1 > ContinuousClock.now }
            markers[user] = (position, expiry)
        }
    }

    /// The marker key of `user`.
    static func key(_ prefix: String, _ user: String) -> String { "\(prefix)rw:\(user)" }
}
