/// The column names and type OIDs of a result, shared by all its rows.
public final class PostgresColumns: Sendable {
    /// Column names in result order.
    public let names: [String]
    /// Column type OIDs in result order (25 text, 2950 uuid, 3802 jsonb, 1184 timestamptz, ...).
    public let typeOIDs: [UInt32]
    private let indexByName: [String: Int]

    init(names: [String], typeOIDs: [UInt32]) {
        self.names = names
        self.typeOIDs = typeOIDs
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil {
            index[name] = position
        }
        self.indexByName = index
    }

    /// The position of the first column with this name.
    public func index(of name: String) -> Int? { indexByName[name] }
}

/// One result row: every column's text-format value (`nil` for `NULL`).
public struct PostgresRow: Sendable {
    /// The result's columns.
    public let columns: PostgresColumns
    /// The values in column order.
    public let values: [String?]

    /// The raw text of a column, `nil` for `NULL`; throws when there is no such column.
    public func text(_ column: String) throws -> String? {
        values[try position(of: column)]
    }

    /// The column decoded as `T`; throws on `NULL` or a value that does not parse.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try decode(at: try position(of: column), as: type)
    }

    /// The column decoded as `T`, `nil` for `NULL`; throws on a value that does not parse.
    public func decodeIfPresent<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        try decodeIfPresent(at: try position(of: column), as: type)
    }

    /// The column at `index` decoded as `T`; throws on `NULL`, a bad index or a value that does not parse.
    public func decode<T: PostgresDecodable>(at index: Int, as type: T.Type = T.self) throws -> T {
        guard let value = try decodeIfPresent(at: index, as: type) else {
            throw PostgresError(
                code: .decodingFailed, message: "column \"\(columns.names[index])\" is NULL, expected \(T.self)")
        }
        return value
    }

    /// The column at `index` decoded as `T`, `nil` for `NULL`; throws on a bad index or a value that does not parse.
    public func decodeIfPresent<T: PostgresDecodable>(at index: Int, as type: T.Type = T.self) throws -> T? {
        guard values.indices.contains(index) else {
            throw PostgresError(code: .decodingFailed, message: "no column at index \(index) in the result")
        }
        guard let text = values[index] else { return nil }
        guard let value = T(postgresText: text) else {
            // The value itself stays out of the message: it may be user data.
            throw PostgresError(
                code: .decodingFailed, message: "column \"\(columns.names[index])\" cannot be decoded as \(T.self)")
        }
        return value
    }

    private func position(of column: String) throws -> Int {
        guard let index = columns.index(of: column) else {
            throw PostgresError(code: .decodingFailed, message: "no column \"\(column)\" in the result")
        }
        return index
    }
}

/// The rows of a statement and the number of rows it affected.
public struct PostgresQueryResult: Sendable {
    /// The result's columns (empty for commands without rows).
    public let columns: PostgresColumns
    /// The rows, in the order the server sent them.
    public let rows: [PostgresRow]
    /// Rows affected by INSERT/UPDATE/DELETE/SELECT (PQcmdTuples), 0 when the command reports none.
    public let affectedRows: Int

    /// The first row, if any.
    public var first: PostgresRow? { rows.first }
}
