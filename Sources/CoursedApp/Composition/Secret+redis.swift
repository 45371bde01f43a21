import Observability

extension Secret {
    /// The URL with any password replaced by `***`, for logs.
    var redactedURL: String { Redaction.redact(value) }
}
