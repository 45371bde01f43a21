/// How one attempt at a job ended, as the worker saw it.
public enum VideoJobOutcome: Sendable, Equatable {
    /// Outputs written and recorded; the asset is ready.
    case succeeded
    /// The attempt failed; `final` when the job failed for good (the asset is failed), else it is queued again.
    case failed(VideoFailure, final: Bool)
    /// Given back unfinished (shutdown): queued again at once.
    case released
    /// The lease was lost (canceled, or reclaimed after this worker stopped renewing): nothing was recorded.
    case lost

    /// The metric label of the outcome.
    public var label: String {
        switch self {
        case .succeeded: "succeeded"
        case .failed(_, let final): final ? "failed" : "retried"
        case .released: "released"
        case .lost: "lost"
        }
    }
}
