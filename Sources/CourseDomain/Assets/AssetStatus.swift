/// The life cycle of an asset: `pending -> ready`, `pending -> processing -> ready | failed`, `pending -> failed`.
public enum AssetStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Created; its bytes are being uploaded.
    case pending
    /// Uploaded; a video job is working on it (SPEC §15).
    case processing
    /// Uploaded (and processed): downloadable.
    case ready
    /// The upload or the processing failed; `error` says why.
    case failed

    /// Whether an asset in this status may move to `next`.
    public func canTransition(to next: AssetStatus) -> Bool {
        switch (self, next) {
        case (.pending, .ready), (.pending, .processing), (.pending, .failed): true
        case (.processing, .processing), (.processing, .ready), (.processing, .failed): true
        default: false
        }
    }
}
