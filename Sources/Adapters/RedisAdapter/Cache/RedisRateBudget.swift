import CoreSupport
public import CourseDomain
import Persistence
import Synchronization

/// The `RateBudget` shared by every instance through one Redis: fixed one-minute windows, checked and charged
/// atomically by one Lua script (EVALSHA, falling back to EVAL when the server does not know the script yet).
///
/// Windows are cut by the instances' clock (`WallClock`), keyed by the minute since 1970, so instances agree as
/// far as their clocks do (NTP keeps that within a fraction of a second of a 60 s window).
public struct RedisRateBudget: RateBudget {
    private let client: RedisClient
    public let limits: BudgetLimits
    private let clock: any WallClock
    private let keyPrefix: String
    private let scriptSHA = ScriptDigest()

    /// A budget with `limits` per minute under keys `{<keyPrefix><minute>}:req` and `{<keyPrefix><minute>}:tok`.
    public init(
        client: RedisClient, limits: BudgetLimits = BudgetLimits(), clock: any WallClock = SystemWallClock(),
        keyPrefix: String = "coursed:ai-budget:"
    ) {
        self.client = client
        self.limits = limits
        self.clock = clock
        self.keyPrefix = keyPrefix
    }

    /// Reserves, or says when to retry. A call estimated at more tokens than the whole per-minute limit is charged
    /// the whole limit: it runs in a window of its own instead of being told to retry forever.
    public func reserve(requests: Int, tokens: Int) async throws -> BudgetDecision {
        let window = BudgetWindow(clock.now())
        let granted = try await run(
            window,
            arguments: [
                "reserve", .int(requests), .int(limits.tokensCharged(forEstimate: tokens)),
                .int(limits.requestsPerMinute),
                .int(limits.tokensPerMinute),
            ])
        return granted == 1 ? .granted : .exhausted(retryAfterSeconds: window.secondsLeft)
    }

    public func adjust(tokens delta: Int) async throws {
        _ = try await run(BudgetWindow(clock.now()), arguments: ["adjust", 0, .int(delta), 0, 0])
    }

    private func run(_ window: BudgetWindow, arguments: [RedisArgument]) async throws -> Int {
        let keys: [RedisArgument] = [
            .string(Self.key(keyPrefix, "req", window)), .string(Self.key(keyPrefix, "tok", window)),
        ]
        let tail: [RedisArgument] = [2] + keys + arguments + [.int(Self.keyLifetimeSeconds)]
        let reply: RESPValue
        do {
            reply = try await client.send(RedisCommand("EVALSHA", arguments: [.string(try await digest())] + tail))
        } catch let error as RedisError where error.code == .serverError && error.message.contains("NOSCRIPT") {
            // The server lost its script cache (restart, SCRIPT FLUSH): EVAL runs the script and caches it again.
            reply = try await client.send(RedisCommand("EVAL", arguments: [.string(Self.script)] + tail))
        }
        guard let value = reply.integer else { throw RedisError(.protocolError, "unexpected budget script reply") }
        return value
    }

    /// A window's counter key, `{<keyPrefix><minute>}:<counter>`: one script uses both counters, so they share a
    /// hash tag (one Redis Cluster slot); each minute's tag differs, so windows spread over the cluster.
    static func key(_ prefix: String, _ counter: String, _ window: BudgetWindow) -> String {
        "{\(prefix)\(window.minute)}:\(counter)"
    }

    /// Window keys outlive their minute by a minute, then vanish.
    static let keyLifetimeSeconds = 120

    /// KEYS: requests key, tokens key. ARGV: mode, requests, tokens, request limit, token limit, key lifetime.
    /// `reserve` returns 1 and charges both counters when both fit, else 0 and charges nothing; `adjust` adds
    /// `tokens` (which may be negative) to the tokens counter, never below 0, and returns 1.
    static let script = """
        local requests = tonumber(ARGV[2])
        local tokens = tonumber(ARGV[3])
        local ttl = tonumber(ARGV[6])
        if ARGV[1] == 'adjust' then
          local value = redis.call('INCRBY', KEYS[2], tokens)
          if value < 0 then redis.call('SET', KEYS[2], 0) end
          redis.call('EXPIRE', KEYS[2], ttl)
          return 1
        end
        local usedRequests = tonumber(redis.call('GET', KEYS[1]) or '0')
        local usedTokens = tonumber(redis.call('GET', KEYS[2]) or '0')
        if usedRequests + requests > tonumber(ARGV[4]) or usedTokens + tokens > tonumber(ARGV[5]) then
          return 0
        end
        redis.call('INCRBY', KEYS[1], requests)
        redis.call('INCRBY', KEYS[2], tokens)
        redis.call('EXPIRE', KEYS[1], ttl)
        redis.call('EXPIRE', KEYS[2], ttl)
        return 1
        """

    /// The script's SHA-1 as the server names it, loaded once with SCRIPT LOAD.
    private func digest() async throws -> String {
        if let known = scriptSHA.value { return known }
        guard let digest = try await client.send("SCRIPT", "LOAD", .string(Self.script)).string else {
            throw RedisError(.protocolError, "unexpected SCRIPT LOAD reply")
        }
        scriptSHA.value = digest
        return digest
    }
}

/// The budget script's SHA-1 once known, shared by copies of the budget.
private final class ScriptDigest: Sendable {
    private let storage = Mutex<String?>(nil)

    var value: String? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
