/// Turns migration files and the applied history into a plan, refusing anything unsafe before a statement runs.
///
/// Policy:
/// - History is immutable. An applied migration whose file changed (checksum) or vanished is an error, and so is
///   a pending file numbered below the highest applied one (out of order), unless `allowOutOfOrder` is set.
/// - The runner provides the transaction. A file may wrap itself in `BEGIN; ... COMMIT;` (the first and the
///   last statement; after `COMMIT` only non-transactional statements may follow): the wrapper is removed. Any
///   other transaction control (`ROLLBACK`, `BEGIN`/`COMMIT` elsewhere, `SAVEPOINT`, `BEGIN ISOLATION LEVEL ...`)
///   is refused.
/// - Statements PostgreSQL cannot run in a transaction (`NonTransactionalKind`) move, in file order, to a
///   post-transaction phase that runs after the commit. Because that phase can fail half-way and be run again, each
///   such statement must be safe to re-run: `CREATE INDEX CONCURRENTLY IF NOT EXISTS`, `DROP INDEX CONCURRENTLY IF
///   EXISTS`, `ALTER TYPE ... ADD VALUE IF NOT EXISTS`...; one that is not (or cannot be, like `CREATE DATABASE`)
///   is refused with its file, line and fix.
/// - The runner records a migration in its transaction. When it has post-transaction statements the runner records
///   it with a `NULL` duration and sets the duration once they all ran; a migration found with a `NULL` duration is
///   planned again as `.finishPostTransaction` (its idempotent statements re-run).
public enum MigrationPlanner {
    /// The plan that brings a database with history `applied` up to `files` (as `MigrationLoader` returns them).
    public static func plan(
        files: [MigrationFile], applied: [AppliedMigration], allowOutOfOrder: Bool = false
    ) throws(MigrationError) -> MigrationPlan {
        let byVersion = Dictionary(grouping: files, by: \.version)
        if let (version, clash) = byVersion.filter({ $0.value.count > 1 }).min(by: { $0.key < $1.key }) {
            throw .duplicateVersion(version: version, filenames: clash.map(\.filename).sorted())
        }
        let filesByID = Dictionary(uniqueKeysWithValues: files.map { ($0.id, $0) })
        var planned: [PlannedMigration] = []
        for record in applied.sorted(by: Self.historyOrder) {
            guard let file = filesByID[record.version] else {
                let sameNumber = files.first { $0.version == record.versionNumber }
                throw .missingFile(migration: record.version, sameVersionFile: sameNumber?.filename)
            }
            guard file.checksum == record.checksum.lowercased() else {
                throw .checksumMismatch(
                    migration: record.version, appliedChecksum: record.checksum, fileChecksum: file.checksum)
            }
            if record.durationMs == nil {
                let phases = try Self.phases(of: file)
                planned.append(
                    PlannedMigration(
                        file: file, phase: .finishPostTransaction, transactionalStatements: [],
                        postTransactionStatements: phases.postTransaction,
                        removedTransactionWrapper: phases.removedWrapper))
            }
        }
        let appliedIDs = Set(applied.map(\.version))
        let highest = applied.max(by: Self.historyOrder)
        for file in files.sorted(by: { $0.version < $1.version }) where !appliedIDs.contains(file.id) {
            if !allowOutOfOrder, let highest, let number = highest.versionNumber, file.version < number {
                throw .outOfOrder(migration: file.id, highestApplied: highest.version)
            }
            let phases = try Self.phases(of: file)
            planned.append(
                PlannedMigration(
                    file: file, phase: .apply, transactionalStatements: phases.transactional,
                    postTransactionStatements: phases.postTransaction, removedTransactionWrapper: phases.removedWrapper)
            )
        }
        return MigrationPlan(migrations: planned, appliedCount: applied.count)
    }

    /// Splits one file into its transactional and post-transaction statements, applying the policy above.
    public static func phases(
        of file: MigrationFile
    ) throws(MigrationError) -> (transactional: [SQLStatement], postTransaction: [SQLStatement], removedWrapper: Bool) {
        let statements: [SQLStatement]
        do {
            statements = try SQLStatementSplitter.split(file.sql)
        } catch {
            throw .invalidSQL(filename: file.filename, line: error.line, reason: error.description)
        }
        let (body, removedWrapper) = try unwrapTransaction(statements, filename: file.filename)
        var transactional: [SQLStatement] = []
        var postTransaction: [SQLStatement] = []
        for statement in body {
            guard case .nonTransactional(let kind) = statement.kind else {
                transactional.append(statement)
                continue
            }
            guard statement.isSafeToRerun else {
                throw .notIdempotent(
                    filename: file.filename, line: statement.line, statement: statement.summary(),
                    fix: fixHint(for: kind))
            }
            postTransaction.append(statement)
        }
        return (transactional, postTransaction, removedWrapper)
    }

    /// Orders history by version number, then by version text.
    private static func historyOrder(_ lhs: AppliedMigration, _ rhs: AppliedMigration) -> Bool {
        (lhs.versionNumber ?? -1, lhs.version) < (rhs.versionNumber ?? -1, rhs.version)
    }

    private static func fixHint(for kind: NonTransactionalKind) -> String {
        switch kind.idempotency {
        case .requiresClause(let clause) where kind == .createIndexConcurrently:
            return "write CREATE INDEX CONCURRENTLY \(clause) <index_name> ON ... (a named index)"
        case .requiresClause(let clause):
            return "add \(clause) (\(kind.rawValue) \(clause) ...)"
        case .impossible:
            return "\(kind.rawValue) has no re-runnable form; run it by hand outside migrations"
        case .inherent:
            return "it is re-runnable as written"
        }
    }
}
