/// A failure of the Postgres adapter: connection, server, pool or decoding, with the server's SQLSTATE when known.
///
/// Messages never carry the connection string or its password, nor bound parameter values.
public struct PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connectionFailed, connectionLost, server, poolTimeout, poolClosed
            case invalidParameter, decodingFailed, unexpectedResult
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A connection could not be opened (refused, DNS, TLS verification, authentication, timeout).
        public static let connectionFailed = Code(.connectionFailed)
        /// An open connection died while it was used (server restart, network failure).
        public static let connectionLost = Code(.connectionLost)
        /// The server answered a statement with an error; see `sqlState`.
        public static let server = Code(.server)
        /// No connection became free within the pool's acquisition timeout.
        public static let poolTimeout = Code(.poolTimeout)
        /// The pool was closed.
        public static let poolClosed = Code(.poolClosed)
        /// A bound parameter cannot be sent (a NUL byte in a text value).
        public static let invalidParameter = Code(.invalidParameter)
        /// A column value could not be decoded into the requested Swift type.
        public static let decodingFailed = Code(.decodingFailed)
        /// The server's answer had an unexpected shape (no rows where one was needed, COPY, ...).
        public static let unexpectedResult = Code(.unexpectedResult)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The server's SQLSTATE (five characters, e.g. `23505`) when the server reported one.
    public let sqlState: String?
    /// A one-line message: the server's primary message, or libpq's / the adapter's explanation.
    public let message: String
    /// The server's DETAIL field. It may quote row values, so it is kept out of `description`.
    public let detail: String?
    /// The server's HINT field.
    public let hint: String?
    /// The constraint named by the server (unique violations, foreign keys, checks).
    public let constraintName: String?

    /// Makes an error; prefer the static factories.
    public init(
        code: Code, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
        constraintName: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraintName = constraintName
    }

    /// `postgres <code> [SQLSTATE]: message` — safe to log and to show operators.
    public var description: String {
        if let sqlState {
            return "postgres \(code) [\(sqlState)]: \(message)"
        }
        return "postgres \(code): \(message)"
    }

    /// True when the database is unreachable or overloaded rather than the request wrong: map it to 503.
    public var isUnavailable: Bool {
        switch code {
        case .connectionFailed, .connectionLost, .poolTimeout, .poolClosed:
            return true
        case .server:
            guard let sqlState else { return false }
            // 08: connection exception, 53: insufficient resources, 57P0x: shutdown / cannot connect now,
            // 57014: query cancelled (statement timeout), 40001/40P01: serialization failure / deadlock.
            return sqlState.hasPrefix("08") || sqlState.hasPrefix("53") || sqlState.hasPrefix("57P")
                || sqlState == "57014" || sqlState == "40001" || sqlState == "40P01"
        default:
            return false
        }
    }

    /// True for a unique-constraint violation (SQLSTATE 23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }
}
