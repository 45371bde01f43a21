import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostgresConnection {
    /// Runs one statement with text-format bound parameters (`PQexecParams`) and returns its rows. Blocks.
    ///
    /// Values travel apart from the SQL and are never interpreted as SQL. A text value holding a NUL byte is refused
    /// with `invalidParameter` before anything is sent, since libpq's text parameters are C strings.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> PostgresQueryResult {
        try checkOpen()
        var texts: [UnsafeMutablePointer<CChar>?] = []
        texts.reserveCapacity(parameters.count)
        defer { for text in texts { free(text) } }
        for (position, parameter) in parameters.enumerated() {
            guard let text = parameter.postgresText else {
                texts.append(nil)
                continue
            }
            texts.append(try Self.cString(text, parameter: position + 1))
        }
        let statement = try preparedStatement(for: sql)
        do {
            return try consume(send(sql, statement: statement, texts))
        } catch let error as PostgresError where statement != nil && error.invalidatesPreparedStatement {
            // The schema changed under the prepared statement (e.g. `SELECT *` over an altered table): forget it.
            // Outside a transaction nothing else was affected, so run it once more, freshly prepared.
            forgetPreparedStatement(for: sql)
            guard PQtransactionStatus(handle) == PQTRANS_IDLE else { throw error }
            return try consume(send(sql, statement: try preparedStatement(for: sql), texts))
        }
    }

    /// Sends one statement with its parameters: the prepared `statement` when there is one, else `sql` itself.
    private func send(_ sql: String, statement: String?, _ texts: [UnsafeMutablePointer<CChar>?]) -> OpaquePointer? {
        texts.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                if let statement { return PQexecPrepared(handle, statement, 0, nil, nil, nil, 0) }
                return PQexecParams(handle, sql, 0, nil, nil, nil, nil, 0)
            }
            return base.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { values in
                if let statement {
                    return PQexecPrepared(handle, statement, Int32(buffer.count), values, nil, nil, 0)
                }
                return PQexecParams(handle, sql, Int32(buffer.count), nil, values, nil, nil, 0)
            }
        }
    }

    /// Runs SQL through the simple query protocol (`PQexec`): no parameters, several statements allowed. Blocks.
    ///
    /// For DDL and migrations only; values must never be interpolated into `sql`.
    public func execute(_ sql: String) throws {
        try checkOpen()
        _ = try consume(PQexec(handle, sql))
    }

    func checkOpen() throws {
        if isClosed { throw PostgresError(code: .connectionLost, message: "the connection was closed") }
    }

    /// A malloc'ed copy of `text` as a C string; throws when `text` contains a NUL byte.
    private static func cString(_ text: String, parameter: Int) throws -> UnsafeMutablePointer<CChar> {
        var text = text
        return try text.withUTF8 { bytes in
            if let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil {
                throw PostgresError(
                    code: .invalidParameter,
                    message: "parameter $\(parameter) contains a NUL byte, which a Postgres text value cannot hold")
            }
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            if let base = bytes.baseAddress {
                UnsafeMutableRawPointer(copy).copyMemory(from: base, byteCount: bytes.count)
            }
            copy[bytes.count] = 0
            return copy
        }
    }

    /// Turns a `PGresult` into rows or a typed error, and frees it.
    func consume(_ result: OpaquePointer?) throws -> PostgresQueryResult {
        guard let result else {
            throw PostgresError(code: connectionLostOr(.server), message: libpqMessage())
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return Self.decode(result)
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            throw serverError(result)
        default:
            throw PostgresError(code: .unexpectedResult, message: "unexpected result kind (COPY is not supported)")
        }
    }

    private func connectionLostOr(_ code: PostgresError.Code) -> PostgresError.Code {
        PQstatus(handle) == CONNECTION_OK ? code : .connectionLost
    }

    private func serverError(_ result: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
            return configuration.redact(String(cString: value))
        }
        let message = field("M") ?? libpqMessage()
        return PostgresError(
            code: connectionLostOr(.server), message: message, sqlState: field("C"), detail: field("D"),
            hint: field("H"), constraintName: field("n"))
    }

    private static func decode(_ result: OpaquePointer) -> PostgresQueryResult {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var names: [String] = []
        var types: [UInt32] = []
        for column in 0..<Int32(columnCount) {
            names.append(PQfname(result, column).map { String(cString: $0) } ?? "?column?")
            types.append(UInt32(PQftype(result, column)))
        }
        let columns = PostgresColumns(names: names, typeOIDs: types)
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    let bytes = UnsafeRawBufferPointer(
                        start: PQgetvalue(result, row, column), count: Int(PQgetlength(result, row, column)))
                    // Never traps: invalid UTF-8 (impossible with client_encoding UTF8) would become U+FFFD.
                    values.append(String(decoding: bytes, as: UTF8.self))
                }
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        let affected = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
        return PostgresQueryResult(columns: columns, rows: rows, affectedRows: affected)
    }
}
