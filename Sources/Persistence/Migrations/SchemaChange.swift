/// What a statement does to a table, as far as the linter needs to know.
struct SchemaChange: Hashable {
    /// The kind of change.
    enum Action: Hashable {
        case createTable
        case createIndex(concurrently: Bool)
        case addColumn(column: String, notNull: Bool, hasDefault: Bool)
        /// `ADD COLUMN ... GENERATED ALWAYS AS (...) STORED`: every row's value is computed by rewriting the table.
        case addStoredGeneratedColumn(column: String)
        case alterColumnType(column: String)
        case setNotNull(column: String)
        case addForeignKey(notValid: Bool)
        case addCheck(notValid: Bool)
        /// `ADD UNIQUE`, `ADD PRIMARY KEY` or `ADD EXCLUDE`; `usingIndex` when it adopts an existing index.
        case addIndexedConstraint(usingIndex: Bool)
        case renameTable
        case renameColumn(column: String)
        case dropTable
        case dropColumn(column: String)
        /// `CREATE TRIGGER` / `DROP TRIGGER` on the table.
        case trigger
        /// Any other `ALTER TABLE` action.
        case otherAlterTable
    }

    /// The table's name as PostgreSQL folds it, without its schema.
    let table: String
    /// What happens to it.
    let action: Action

    /// Whether it must wait for a lock that queues every query on the table (all but the two that do not).
    var takesBlockingLock: Bool {
        switch action {
        case .createTable, .createIndex(concurrently: true): false
        default: true
        }
    }
}
