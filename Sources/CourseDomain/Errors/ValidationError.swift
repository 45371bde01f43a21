/// Input that breaks a rule, naming the field it is about.
public struct ValidationError: Error, Sendable, Equatable {
    /// The field in the request (snake_case, as clients send it).
    public var field: String
    /// What is wrong, in a few words.
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}
