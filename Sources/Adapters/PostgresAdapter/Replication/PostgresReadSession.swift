import Synchronization

/// One caller's read-your-writes state for the length of a request: the WAL position its reads must see (from
/// an earlier write, carried by the caller or looked up by its identity), and the position its own writes reached.
///
/// Bind it with `PostgresDatabase.$session.withValue(session) { ... }`: reads in that task go to the replica only
/// once the replica has replayed past `required`, else to the primary; every write raises `written`.
public final class PostgresReadSession: Sendable {
    private struct State: Sendable {
        var required: PostgresLSN?
        var written: PostgresLSN?
        var lookup: (@Sendable () async -> PostgresLSN?)?
    }

    private let state: Mutex<State>

    /// A session that must read at least `required` (e.g. the client's `X-Read-After-LSN`); `lookup`, when given,
    /// is asked once, on the first read that could go to the replica (e.g. a per-user marker in Redis).
    public init(required: PostgresLSN? = nil, lookup: (@Sendable () async -> PostgresLSN?)? = nil) {
        state = Mutex(State(required: required, written: nil, lookup: lookup))
    }

    /// The position this caller's reads must see, after the lookup (run at most once).
    public func requiredPosition() async -> PostgresLSN? {
        let lookup = state.withLock { state -> (@Sendable () async -> PostgresLSN?)? in
            defer { state.lookup = nil }
            return state.lookup
        }
        if let lookup, let found = await lookup() { raise(to: found) }
        return state.withLock { $0.required }
    }

    /// Whether this session's reads may have to go to the primary (it carries a position, or may look one up):
    /// such reads must not share another caller's replica read.
    public var mayNeedPrimary: Bool { state.withLock { $0.required != nil || $0.lookup != nil } }

    /// The position the session's writes reached, if it wrote.
    public var written: PostgresLSN? { state.withLock { $0.written } }

    /// Records a write that reached `position`: later reads of this session must see it.
    public func wrote(_ position: PostgresLSN) {
        state.withLock { state in
            state.written = max(state.written ?? position, position)
            state.required = max(state.required ?? position, position)
        }
    }

    private func raise(to position: PostgresLSN) {
        state.withLock { $0.required = max($0.required ?? position, position) }
    }
}
