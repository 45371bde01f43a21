import CLibPQ
import CoreSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One libpq connection (`PGconn*`). Every method blocks the calling thread on the network.
///
/// Call it only from a thread that may block: inside `PostgresConnectionPool.withConnection` (the pool's own
/// `NIOThreadPool`) or a thread you own — never an event loop or Swift's cooperative pool. A connection is used by one
/// thread at a time; the pool guarantees that.
public final class PostgresConnection: @unchecked Sendable {
    let handle: OpaquePointer
    /// The configuration this connection was opened with.
    public let configuration: PostgresConnectionConfiguration
    private(set) var isClosed = false
    /// Statements prepared on this session: SQL text -> server-side name (see `PostgresConnection+prepared`).
    var preparedStatements: [String: String] = [:]
    /// The number in the next prepared statement's name.
    var nextStatementNumber = 0

    private init(handle: OpaquePointer, configuration: PostgresConnectionConfiguration) {
        self.handle = handle
        self.configuration = configuration
    }

    deinit {
        if !isClosed { PQfinish(handle) }
    }

    /// Opens a connection and prepares the session (UTC, ISO dates, UTF-8, statement timeout). Blocks.
    public static func connect(_ configuration: PostgresConnectionConfiguration) throws -> PostgresConnection {
        // Keywords before `dbname` are defaults the URL may override; libpq processes the arrays in order.
        var keywords = ["fallback_application_name"]
        var values = [configuration.applicationName]
        if !configuration.hasConnectTimeout {
            keywords.append("connect_timeout")
            values.append(String(max(1, configuration.connectTimeoutSeconds)))
        }
        keywords.append("dbname")
        values.append(configuration.url)
        let handle = try withCStringArray(keywords) { keywordPointers in
            try withCStringArray(values) { valuePointers in
                guard let handle = PQconnectdbParams(keywordPointers, valuePointers, 1) else {
                    throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
                }
                return handle
            }
        }
        let connection = PostgresConnection(handle: handle, configuration: configuration)
        guard PQstatus(handle) == CONNECTION_OK else {
            let error = PostgresError(code: .connectionFailed, message: connection.libpqMessage())
            connection.close()
            throw error
        }
        // Server NOTICEs ("relation already exists, skipping") would go to stderr; they are not errors.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        do {
            try connection.prepareSession()
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Closes the connection (sends Terminate). Idempotent.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        PQfinish(handle)
    }

    /// True when the session is encrypted with TLS.
    public var isTLS: Bool { PQsslInUse(handle) == 1 }

    /// The server's version as an integer (`150020` for 15.20).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// True when the connection looks usable without a round trip: libpq says OK, no transaction is open, and the
    /// server has sent nothing (a close or a termination notice) while the connection sat idle.
    public var isUsable: Bool {
        guard !isClosed, PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) == PQTRANS_IDLE else {
            return false
        }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return false }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        // Nothing legitimate arrives on an idle connection of ours (no LISTEN): readable means EOF or a FATAL
        // termination notice (restart, pg_terminate_backend, idle timeout). Treat it as dead and re-open.
        return poll(&descriptor, 1, 0) == 0
    }

    /// Re-opens the connection with the same parameters (`PQreset`) and prepares the session again. Blocks.
    func reset() throws {
        guard !isClosed else {
            throw PostgresError(code: .connectionLost, message: "the connection was closed")
        }
        PQreset(handle)
        preparedStatements = [:]
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(code: .connectionFailed, message: libpqMessage())
        }
        try prepareSession()
    }

    /// Drops every session setting a caller changed (`RESET ALL`) and applies the adapter's own again. Blocks.
    func resetSession() throws {
        try execute("RESET ALL")
        try prepareSession()
    }

    private func prepareSession() throws {
        var settings = "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET client_encoding TO 'UTF8'"
        if let timeout = configuration.statementTimeout {
            settings += "; SET statement_timeout TO \(max(0, timeout.wholeMilliseconds))"
        }
        try execute(settings)
    }

    /// libpq's last error message for this connection, trimmed, one line, with the password redacted.
    func libpqMessage() -> String {
        let raw = PQerrorMessage(handle).map { String(cString: $0) } ?? ""
        let oneLine = raw.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(
            separator: " ")
        return configuration.redact(oneLine.isEmpty ? "unknown libpq error" : oneLine)
    }
}

/// Calls `body` with a NULL-terminated array of C strings that live for the duration of the call.
func withCStringArray<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> T) rethrows -> T
{
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return try pointers.withUnsafeBufferPointer { buffer in
        try buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) {
            try body($0)
        }
    }
}
