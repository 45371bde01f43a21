import CLibPQ

extension PostgresConnection {
    /// At most this many statements stay prepared per connection; past it they are all deallocated and the
    /// cache starts over (the catalog's statements are a few dozen shapes, so this only bounds a runaway caller).
    static let preparedStatementLimit = 200

    /// The server-side name of `sql`, prepared on this session now if it was not yet; `nil` when statements are not
    /// prepared (turned off, or the cache is full inside a transaction). Blocks on the first use of `sql`.
    func preparedStatement(for sql: String) throws -> String? {
        guard configuration.preparesStatements else { return nil }
        if let name = preparedStatements[sql] { return name }
        if preparedStatements.count >= Self.preparedStatementLimit {
            // DEALLOCATE inside a failed transaction would fail: use the unnamed statement until it ends.
            guard PQtransactionStatus(handle) == PQTRANS_IDLE else { return nil }
            try execute("DEALLOCATE ALL")
            preparedStatements = [:]
        }
        nextStatementNumber += 1
        let name = "coursed_\(nextStatementNumber)"
        // Parameter types are left to the server to infer, as with the unnamed statement of PQexecParams.
        _ = try consume(PQprepare(handle, name, sql, 0, nil))
        preparedStatements[sql] = name
        return name
    }

    /// Drops `sql` from the cache; the server-side statement is deallocated when the session is idle.
    func forgetPreparedStatement(for sql: String) {
        guard let name = preparedStatements.removeValue(forKey: sql) else { return }
        if PQtransactionStatus(handle) == PQTRANS_IDLE { try? execute("DEALLOCATE \(name)") }
    }

    /// How many statements are prepared on this session (for tests).
    public var preparedStatementCount: Int { preparedStatements.count }
}

extension PostgresError {
    /// True for "cached plan must not change result type": a prepared statement outlived a schema change.
    var invalidatesPreparedStatement: Bool {
        sqlState == "0A000" && message.contains("cached plan")
    }
}
