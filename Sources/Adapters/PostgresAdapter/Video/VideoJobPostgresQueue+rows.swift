import CourseDomain
import Foundation

extension VideoJobPostgresQueue {
    /// `columns` qualified by the `job` alias of the claim statement.
    static let qualifiedColumns =
        columns.split(separator: ",").map { "job." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .joined(separator: ", ")

    /// A job from a row of `columns`.
    static func job(from row: PostgresRow) throws -> VideoJob {
        let stateText: String = try row.decode("state")
        guard let state = VideoJobState(rawValue: stateText) else {
            throw PostgresError(code: .decodingFailed, message: "column \"state\" holds an unknown job state")
        }
        let id: UUID = try row.decode("id")
        var lease: VideoJobLease?
        if let owner: String = try row.decodeIfPresent("lease_owner"),
            let token: UUID = try row.decodeIfPresent(
                "lease_token"), let expiresAt: Date = try row.decodeIfPresent("lease_expires_at")
        {
            lease = VideoJobLease(
                jobID: id, owner: owner, token: token, attempt: try row.decode("attempts"), expiresAt: expiresAt)
        }
        var failure: VideoFailure?
        if let reasonText: String = try row.decodeIfPresent("error_reason") {
            failure = VideoFailure(
                VideoFailure.Reason(rawValue: reasonText) ?? .internal, try row.decodeIfPresent("error_message") ?? "")
        }
        var outputs: VideoOutputs?
        if let document: String = try row.decodeIfPresent("outputs") {
            do {
                outputs = try JSONDecoder().decode(VideoOutputs.self, from: Data(document.utf8))
            } catch {
                throw PostgresError(code: .decodingFailed, message: "column \"outputs\" is not a job's outputs")
            }
        }
        return VideoJob(
            id: id, assetID: try row.decode("asset_id"), state: state, attempts: try row.decode("attempts"),
            maxAttempts: try row.decode("max_attempts"), lease: lease, runAfter: try row.decode("run_after"),
            progress: try row.decode("progress"), error: failure, outputs: outputs,
            createdAt: try row.decode("created_at"), updatedAt: try row.decode("updated_at"))
    }
}
