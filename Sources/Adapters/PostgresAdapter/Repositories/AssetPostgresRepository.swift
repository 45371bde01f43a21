public import CourseDomain
public import Foundation

/// Course assets in PostgreSQL (`course_assets` of migration 002); rows go with their course (`ON DELETE CASCADE`).
public struct AssetPostgresRepository: AssetRepository {
    static let columns =
        "id, course_id, kind, filename, content_type, size_bytes, sha256, status, error, progress, media, "
        + "storage_key, upload_id, created_at, updated_at"
    private let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    /// Stores a new asset; `conflict` when the id is taken, `notFound` when the course is missing.
    public func insert(_ asset: Asset) async throws -> Asset {
        let parameters = Self.parameters(of: asset)
        return try await mapped {
            try await database.write { connection in
                let result = try connection.query(
                    """
                    INSERT INTO course_assets (\(Self.columns))
                    VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13,
                        $14::timestamptz, $15::timestamptz)
                    RETURNING \(Self.columns)
                    """, parameters)
                return try Self.asset(from: try UserPostgresRepository.single(result))
            }
        }
    }

    public func asset(id: UUID) async throws -> Asset? {
        try await mapped {
            try await database.read { connection in
                try connection.query("SELECT \(Self.columns) FROM course_assets WHERE id = $1::uuid", [id])
                    .first.map(Self.asset(from:))
            }
        }
    }

    public func assets(courseID: UUID) async throws -> [Asset] {
        try await mapped {
            try await database.read { connection in
                try connection.query(
                    "SELECT \(Self.columns) FROM course_assets WHERE course_id = $1::uuid ORDER BY created_at, id",
                    [courseID]
                ).rows.map(Self.asset(from:))
            }
        }
    }

    /// Reads the row `FOR UPDATE`, applies `change` and writes the result in one transaction.
    public func update(id: UUID, _ change: @escaping @Sendable (Asset) throws -> Asset) async throws -> Asset {
        let stored: Asset? = try await mapped {
            try await database.write(transaction: true) { connection in
                let current = try connection.query(
                    "SELECT \(Self.columns) FROM course_assets WHERE id = $1::uuid FOR UPDATE", [id]
                ).first.map(Self.asset(from:))
                guard let current else { return nil }
                var next = try change(current)
                guard next != current else { return current }
                next.id = current.id
                next.courseID = current.courseID
                next.createdAt = current.createdAt
                let result = try connection.query(
                    """
                    UPDATE course_assets SET kind = $3, filename = $4, content_type = $5, size_bytes = $6,
                        sha256 = $7, status = $8, error = $9, progress = $10, media = $11::jsonb, storage_key = $12,
                        upload_id = $13, updated_at = $15::timestamptz
                    WHERE id = $1::uuid AND course_id = $2::uuid AND created_at = $14::timestamptz
                    RETURNING \(Self.columns)
                    """, Self.parameters(of: next))
                return try result.first.map(Self.asset(from:))
            }
        }
        guard let stored else { throw DomainError.notFound("asset not found") }
        return stored
    }

    public func delete(id: UUID) async throws -> Asset? {
        try await mapped {
            try await database.write { connection in
                try connection.query("DELETE FROM course_assets WHERE id = $1::uuid RETURNING \(Self.columns)", [id])
                    .first.map(Self.asset(from:))
            }
        }
    }

    public func deleteAll(courseID: UUID) async throws -> [Asset] {
        try await mapped {
            try await database.write { connection in
                try connection.query(
                    "DELETE FROM course_assets WHERE course_id = $1::uuid RETURNING \(Self.columns)", [courseID]
                ).rows.map(Self.asset(from:)).sorted {
                    ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString)
                }
            }
        }
    }

    public func pending(createdBefore date: Date) async throws -> [Asset] {
        try await mapped {
            try await database.read { connection in
                try connection.query(
                    """
                    SELECT \(Self.columns) FROM course_assets
                    WHERE status = 'pending' AND created_at < $1::timestamptz ORDER BY created_at, id
                    """, [date]
                ).rows.map(Self.asset(from:))
            }
        }
    }

    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError where error.sqlState == "23503" {
            throw DomainError.notFound("course not found")
        } catch {
            throw RepositoryErrorMapping.map(error) { _ in DomainError.conflict("asset id already exists") }
        }
    }

    private static func parameters(of asset: Asset) -> [any PostgresEncodable] {
        [
            asset.id, asset.courseID, asset.kind.rawValue, asset.filename, asset.contentType, asset.sizeBytes,
            asset.sha256, asset.status.rawValue, asset.error, asset.progress, asset.media.map(PostgresJSON.encode),
            asset.storageKey, asset.uploadID, asset.createdAt, asset.updatedAt,
        ]
    }

    /// An asset from a row of `columns`, by position.
    static func asset(from row: PostgresRow) throws -> Asset {
        guard let kind = AssetKind(rawValue: try row.decode(at: 2, as: String.self)),
            let status = AssetStatus(rawValue: try row.decode(at: 7, as: String.self))
        else { throw PostgresError(code: .decodingFailed, message: "course_assets holds an unknown kind or status") }
        return Asset(
            id: try row.decode(at: 0), courseID: try row.decode(at: 1), kind: kind, filename: try row.decode(at: 3),
            contentType: try row.decode(at: 4), sizeBytes: try row.decode(at: 5),
            sha256: try row.decodeIfPresent(at: 6),
            status: status, error: try row.decodeIfPresent(at: 8), progress: try row.decodeIfPresent(at: 9),
            media: try row.decodeIfPresent(at: 10, as: String.self).map {
                try PostgresJSON.decodeObject($0, column: "media")
            },
            storageKey: try row.decode(at: 11), uploadID: try row.decodeIfPresent(at: 12),
            createdAt: try row.decode(at: 13), updatedAt: try row.decode(at: 14))
    }
}
